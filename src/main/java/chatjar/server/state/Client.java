package chatjar.server.state;

import chatjar.net.Link;

import java.util.ArrayList;
import java.util.List;

/**
 * One connected person, registered or not. Knows its link but never a socket. Fields are kept few and
 * per-user structures are created only when needed: at tens of thousands of idle users every field counts.
 */
public final class Client {
    public final Link link;
    /** The host shown in the prefix; an operator's CHGHOST may replace it. The real IP stays in the link. */
    public String host;
    public final long connectedAt;

    public String nick;
    public String nickFolded;
    public String user;
    public String realname;
    public String away;
    public String passwordGiven;

    /** Enabled IRCv3 capabilities, one bit per {@link chatjar.server.caps.Cap}; a long, not a Set, per idle client. */
    public long caps;
    /** Negotiated with {@code CAP LS 302}: values shown, cap-notify implied. */
    public boolean cap302;
    /** The SASL account, or null. */
    public String account;
    /** SASL exchange in progress: the base64 collected so far; {@link #saslVerifying} while the hash is checked. */
    public StringBuilder saslBuffer;
    public boolean saslVerifying;
    /** Casefolded nicks this client MONITORs, or null; at most chatjar.server.caps.Monitor.LIMIT. */
    public List<String> monitored;
    /** User mode +B: marked as a bot (the {@code bot} tag, WHO flag B). */
    public boolean bot;

    public boolean registered;
    public boolean capNegotiating;
    public boolean invisible;
    public boolean oper;
    /** Plain-text mode: a nc/telnet user who never spoke IRC; output is rendered as readable lines. */
    public boolean plain;
    /** The channel a plain-mode user is talking in. */
    public Channel current;

    public long lastActive;
    public long lastMessageAt;
    public long pingSentAt;
    public long signonSeconds;
    /** This client's flood control; commands answered off the loop hold it until their answer is in. */
    public chatjar.server.limits.FloodGate input;
    /** Loop time before which OPER is refused: set while a check runs and after a failure (throttling guesses). */
    public long operRetryAt;

    /** Stamp used to visit each peer once when relaying NICK/QUIT, without allocating a set. */
    public int visitMark;

    private List<Channel> channels;
    private List<Channel> invites;

    public Client(Link link, String host, long now) {
        this.link = link;
        this.host = host;
        this.connectedAt = now;
        this.lastActive = now;
        this.lastMessageAt = now;
    }

    public String prefix() {
        return nick + "!" + (user == null ? "*" : user) + "@" + host;
    }

    /** The nick, or {@code *} before one is chosen, as numerics address an unregistered client. */
    public String target() {
        return nick == null ? "*" : nick;
    }

    public List<Channel> channels() {
        return channels == null ? List.of() : channels;
    }

    void joined(Channel ch) {
        if (channels == null) channels = new ArrayList<>(4);
        channels.add(ch);
    }

    void left(Channel ch) {
        if (channels == null) return;
        channels.remove(ch);
        if (channels.isEmpty()) channels = null;
        if (current == ch) current = null;
    }

    void invite(Channel ch) {
        if (invites == null) invites = new ArrayList<>(2);
        if (!invites.contains(ch)) invites.add(ch);
    }

    boolean isInvitedTo(Channel ch) {
        return invites != null && invites.contains(ch);
    }

    void uninvite(Channel ch) {
        if (invites == null) return;
        invites.remove(ch);
        if (invites.isEmpty()) invites = null;
    }

    @Override
    public String toString() {
        return (nick == null ? "?" : nick) + "@" + host + "#" + link.id();
    }
}
