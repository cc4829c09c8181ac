package chatjar.server.handlers;

import chatjar.server.relay.RelayEvent.Kind;
import chatjar.server.relay.Relay;
import chatjar.server.NameRules;
import chatjar.server.LocalUser;
import chatjar.server.Replies;
import chatjar.server.caps.Cap;
import chatjar.state.Channel;
import chatjar.state.Channels;
import chatjar.state.Client;

import static chatjar.irc.Numerics.*;

/**
 * Joining, leaving and being kicked, with what each relays and answers (topic, NAMES). Shared by the channel
 * commands and plain mode's /join and /part.
 */
public final class Membership {
    private final Replies out;
    private final Relay relay;
    private final Channels channels;
    private final NameRules names;
    private final int channelsPerUser;
    private final String serverName;

    public Membership(Replies out, Relay relay, Channels channels, NameRules names, int channelsPerUser,
                      String serverName) {
        this.out = out;
        this.relay = relay;
        this.channels = channels;
        this.names = names;
        this.channelsPerUser = channelsPerUser;
        this.serverName = serverName;
    }

    /** Joins one channel, creating it with {@code c} as operator; null if refused (and answered). */
    public Channel join(Client c, String name, String key) {
        if (!names.validChannelName(name)) {
            out.numeric(c, name.startsWith("#") ? ERR_BADCHANMASK : ERR_NOSUCHCHANNEL, name, name.startsWith("#") ? "Bad Channel Mask" : "No such channel");
            return null;
        }
        Channel ch = channels.find(name);
        if (ch != null && ch.has(c)) return ch;
        if (c.channels().size() >= channelsPerUser) {
            out.numeric(c, ERR_TOOMANYCHANNELS, name, "You have joined too many channels");
            return null;
        }
        int flags = 0;
        if (ch == null) {
            ch = channels.create(name, System.currentTimeMillis() / 1000);
            flags = Channel.OP;
        } else {
            boolean invited = ch.isInvited(c);
            if (ch.isBanned(c) && !invited) {
                out.numeric(c, ERR_BANNEDFROMCHAN, ch.name, "Cannot join channel (+b)");
                return null;
            }
            if (ch.inviteOnly && !invited && !ch.isInviteExempt(c)) {
                out.numeric(c, ERR_INVITEONLYCHAN, ch.name, "Cannot join channel (+i)");
                return null;
            }
            if (ch.key != null && !ch.key.equals(key) && !invited) {
                out.numeric(c, ERR_BADCHANNELKEY, ch.name, "Cannot join channel (+k)");
                return null;
            }
            if (ch.limit > 0 && ch.size() >= ch.limit && !invited) {
                out.numeric(c, ERR_CHANNELISFULL, ch.name, "Cannot join channel (+l)");
                return null;
            }
        }
        ch.add(c, flags);
        String join = ":" + c.prefix() + " JOIN " + ch.name;
        String extended = join + " " + (c.account == null ? "*" : c.account) + " :" + c.realname;
        relay.toChannel(relay.event(Kind.JOIN, c, ch.name, join, null, extended, null), ch, null);
        if (c.away != null) { // away-notify: those who see the JOIN learn the newcomer is away
            relay.toChannel(relay.event(Kind.AWAY, c, ch.name, ":" + c.prefix() + " AWAY :" + c.away, null, null,
                    Cap.AWAY_NOTIFY), ch, c);
        }
        if (ch.topic != null) sendTopic(c, ch);
        sendNames(c, ch);
        return ch;
    }

    /** Relays the PART to the members (the leaver included) and removes the client. */
    public void leave(Client c, Channel ch, String reason) {
        String line = ":" + c.prefix() + " PART " + ch.name + (reason == null ? "" : " :" + reason);
        relay.toChannel(relay.event(Kind.PART, c, ch.name, line), ch, null);
        ch.remove(c);
        channels.removeIfEmpty(ch);
    }

    /** Relays the KICK to all members and removes the target. */
    public void kick(Channel ch, Client by, Client target, String reason) {
        String line = ":" + by.prefix() + " KICK " + ch.name + " " + target.nick + " :" + reason;
        relay.toChannel(relay.event(Kind.KICK, by, ch.name, line), ch, null);
        ch.remove(target);
        channels.removeIfEmpty(ch);
    }

    void sendTopic(Client c, Channel ch) {
        out.numeric(c, RPL_TOPIC, ch.name, ch.topic);
        out.numeric(c, RPL_TOPICWHOTIME, ch.name, ch.topicSetBy, String.valueOf(ch.topicSetAt));
    }

    /** RPL_NAMREPLY lines packed up to the 512-byte limit, then RPL_ENDOFNAMES. */
    void sendNames(Client c, Channel ch) {
        sendNameReplies(c, ch);
        out.numeric(c, RPL_ENDOFNAMES, ch.name, "End of /NAMES list");
    }

    /** The RPL_NAMREPLY lines alone: NAMES of several channels ends them all with one RPL_ENDOFNAMES. */
    void sendNameReplies(Client c, Channel ch) {
        LocalUser local = LocalUser.of(c);
        String symbol = ch.secret ? "@" : "=";
        boolean member = ch.has(c);
        int budget = 400 - ch.name.length() - serverName.length() - c.target().length();
        boolean multiPrefix = Cap.MULTI_PREFIX.in(local.caps);
        boolean userhosts = Cap.USERHOST_IN_NAMES.in(local.caps);
        StringBuilder sb = new StringBuilder();
        for (Client m : ch.members()) {
            if (!member && m.invisible) continue;
            String entry = ch.prefixOf(m, multiPrefix) + (userhosts ? m.prefix() : m.nick);
            if (sb.length() > 0 && sb.length() + entry.length() + 1 > budget) {
                out.numeric(c, RPL_NAMREPLY, symbol, ch.name, sb.toString());
                sb.setLength(0);
            }
            if (sb.length() > 0) sb.append(' ');
            sb.append(entry);
        }
        if (sb.length() > 0) out.numeric(c, RPL_NAMREPLY, symbol, ch.name, sb.toString());
    }
}
