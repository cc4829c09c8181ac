package chatjar.state;

import java.util.ArrayList;
import java.util.List;

/**
 * One person on the network, as everyone else sees them: nick, user, host, account, modes, channels. Knows
 * nothing of connections: a user connected here has a {@link #local} side (the server's session with its link
 * and flood control), a user on another node has none and is a member of channels all the same. Fields are kept
 * few and per-user structures are created only when needed: at tens of thousands of idle users every field counts.
 */
public final class Client {
    /**
     * The side of a user that is connected to this node, or null for one on another node. The relay reads it
     * for each recipient: a field, not a map lookup, so fan-out costs no hashing per member.
     */
    public interface Local {
        /** The peer's real IP address as text (the host shown may be a cloak). */
        String address();

        /** True when the connection is encrypted (WHOIS 671). */
        boolean secure();
    }

    public Local local;
    /** The host shown in the prefix; an operator's CHGHOST may replace it. The real IP stays with the connection. */
    public String host;

    public String nick;
    public String nickFolded;
    public String user;
    public String realname;
    public String away;
    /** The SASL account, or null. */
    public String account;
    /** User mode +B: marked as a bot (the {@code bot} tag, WHO flag B). */
    public boolean bot;

    /** Welcomed: has a nick, is visible to others. */
    public boolean registered;
    public boolean invisible;
    public boolean oper;

    public long lastMessageAt;
    public long signonSeconds;

    /** Stamp used to visit each peer once when relaying NICK/QUIT, without allocating a set. */
    public int visitMark;

    /** Pending invites kept per user; the oldest is forgotten beyond this. */
    static final int MAX_INVITES = 64;

    private List<Channel> channels;
    private List<Channel> invites;

    public Client(String host, long now) {
        this.host = host;
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
    }

    void invite(Channel ch) {
        if (invites == null) invites = new ArrayList<>(2);
        if (invites.contains(ch)) return;
        // A channel that empties stays listed here until the user joins it or goes; bound the list so
        // invites to channels made and left again cannot grow it without end.
        if (invites.size() >= MAX_INVITES) invites.remove(0);
        invites.add(ch);
    }

    /** Channels this user is invited to and has not joined yet (INVITE with no parameters lists them). */
    public List<Channel> invites() {
        return invites == null ? List.of() : invites;
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
        return (nick == null ? "?" : nick) + "@" + host;
    }
}
