package chatjar.server.handlers;

import chatjar.server.relay.RelayEvent.Kind;
import chatjar.server.relay.Relay;
import chatjar.irc.Message;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.server.ServerConfig;
import chatjar.server.caps.Cap;
import chatjar.state.Channel;
import chatjar.state.Channels;
import chatjar.state.Client;
import chatjar.state.Users;

import java.util.ArrayList;

import static chatjar.irc.Numerics.*;

/** Channel membership and metadata: JOIN, PART, TOPIC, KICK, INVITE (NAMES and LIST: {@link ChannelQueries}). */
public final class ChannelHandlers {
    private final Replies out;
    private final Users users;
    private final Channels channels;
    private final Relay relay;
    private final Membership membership;
    private final ServerConfig.Limits limits;

    public ChannelHandlers(Replies out, Relay relay, Users users, Channels channels, Membership membership,
                           ServerConfig.Limits limits) {
        this.out = out;
        this.relay = relay;
        this.users = users;
        this.channels = channels;
        this.membership = membership;
        this.limits = limits;
    }

    public void register(Commands t) {
        t.add("JOIN", 1, false, this::join);
        t.add("PART", 1, false, this::part);
        t.add("TOPIC", 1, false, this::topic);
        t.add("KICK", 2, false, this::kick);
        t.add("INVITE", 0, false, this::invite);
    }

    // JOIN <channel>{,<channel>} [<key>{,<key>}]  |  JOIN 0
    private void join(Client c, Message m) {
        if (m.param(0).equals("0")) {
            for (Channel ch : new ArrayList<>(c.channels())) membership.leave(c, ch, null);
            return;
        }
        String[] names = m.param(0).split(",");
        String[] keys = m.paramCount() > 1 ? m.param(1).split(",") : new String[0];
        for (int i = 0; i < names.length; i++) {
            if (names[i].isEmpty()) continue;
            membership.join(c, names[i], i < keys.length ? keys[i] : null);
        }
    }

    // PART <channel>{,<channel>} [<reason>]
    private void part(Client c, Message m) {
        String reason = m.paramCount() > 1 ? m.param(1) : null;
        for (String name : m.param(0).split(",")) {
            if (name.isEmpty()) continue;
            Channel ch = channels.find(name);
            if (ch == null) out.numeric(c, ERR_NOSUCHCHANNEL, name, "No such channel");
            else if (!ch.has(c)) out.numeric(c, ERR_NOTONCHANNEL, ch.name, "You're not on that channel");
            else membership.leave(c, ch, reason);
        }
    }

    // TOPIC <channel> [<topic>]
    private void topic(Client c, Message m) {
        Channel ch = channels.find(m.param(0));
        if (ch == null) {
            out.numeric(c, ERR_NOSUCHCHANNEL, m.param(0), "No such channel");
            return;
        }
        if (m.paramCount() < 2) {
            if (ch.secret && !ch.has(c)) out.numeric(c, ERR_NOTONCHANNEL, ch.name, "You're not on that channel");
            else if (ch.topic == null) out.numeric(c, RPL_NOTOPIC, ch.name, "No topic is set");
            else membership.sendTopic(c, ch);
            return;
        }
        if (!ch.has(c)) {
            out.numeric(c, ERR_NOTONCHANNEL, ch.name, "You're not on that channel");
            return;
        }
        if (ch.topicLocked && !ch.isOp(c)) {
            out.numeric(c, ERR_CHANOPRIVSNEEDED, ch.name, "You're not channel operator");
            return;
        }
        String topic = truncate(m.param(1), limits.topicLen());
        ch.topic = topic.isEmpty() ? null : topic;
        ch.topicSetBy = c.prefix();
        ch.topicSetAt = System.currentTimeMillis() / 1000;
        relay.toChannel(relay.event(Kind.TOPIC, c, ch.name, ":" + c.prefix() + " TOPIC " + ch.name + " :" + topic), ch, null);
    }

    // KICK <channel>{,<channel>} <user>{,<user>} [<comment>]
    // One channel and several users, or as many channels as users, paired in order (RFC 2812); each pair is
    // its own kick, relayed as its own KICK line. Users beyond TARGMAX's KICK count are dropped silently.
    private void kick(Client c, Message m) {
        String[] names = m.param(0).split(",");
        String[] nicks = m.param(1).split(",");
        if (names.length != 1 && names.length != nicks.length) {
            out.numeric(c, ERR_NEEDMOREPARAMS, "KICK", "Not enough parameters");
            return;
        }
        String reason = truncate(m.paramCount() > 2 ? m.param(2) : c.nick, limits.kickLen());
        int n = Math.min(nicks.length, limits.maxTargets());
        String checked = null;
        Channel ch = null;
        for (int i = 0; i < n; i++) {
            String name = names[names.length == 1 ? 0 : i];
            if (!name.equals(checked)) { // the channel's own errors once, however many users it names
                checked = name;
                ch = kickableChannel(c, name);
            }
            if (ch == null || nicks[i].isEmpty()) continue;
            Client target = users.find(nicks[i]);
            if (target == null || !ch.has(target)) {
                out.numeric(c, ERR_USERNOTINCHANNEL, nicks[i], ch.name, "They aren't on that channel");
                continue;
            }
            membership.kick(ch, c, target, reason);
        }
    }

    /** The channel {@code c} may kick from, or null after answering why not. */
    private Channel kickableChannel(Client c, String name) {
        Channel ch = channels.find(name);
        if (ch == null) {
            out.numeric(c, ERR_NOSUCHCHANNEL, name, "No such channel");
            return null;
        }
        if (!ch.has(c)) {
            out.numeric(c, ERR_NOTONCHANNEL, ch.name, "You're not on that channel");
            return null;
        }
        if (!ch.isOp(c)) {
            out.numeric(c, ERR_CHANOPRIVSNEEDED, ch.name, "You're not channel operator");
            return null;
        }
        return ch;
    }

    // INVITE <nickname> <channel>  |  INVITE (the channels one is invited to: 336, then 337)
    private void invite(Client c, Message m) {
        if (m.paramCount() == 0) {
            for (Channel ch : c.invites()) {
                if (channels.find(ch.name) == ch) out.numeric(c, RPL_INVITELIST, ch.name); // not one since emptied
            }
            out.numeric(c, RPL_ENDOFINVITELIST, "End of /INVITE list");
            return;
        }
        if (m.paramCount() < 2) {
            out.numeric(c, ERR_NEEDMOREPARAMS, "INVITE", "Not enough parameters");
            return;
        }
        Client target = users.find(m.param(0));
        if (target == null) {
            out.numeric(c, ERR_NOSUCHNICK, m.param(0), "No such nick/channel");
            return;
        }
        Channel ch = channels.find(m.param(1));
        if (ch == null) {
            out.numeric(c, ERR_NOSUCHCHANNEL, m.param(1), "No such channel");
            return;
        }
        if (!ch.has(c)) {
            out.numeric(c, ERR_NOTONCHANNEL, ch.name, "You're not on that channel");
            return;
        }
        if (ch.inviteOnly && !ch.isOp(c)) {
            out.numeric(c, ERR_CHANOPRIVSNEEDED, ch.name, "You're not channel operator");
            return;
        }
        if (ch.has(target)) {
            out.numeric(c, ERR_USERONCHANNEL, target.nick, ch.name, "is already on channel");
            return;
        }
        ch.invite(target);
        out.numeric(c, RPL_INVITING, target.nick, ch.name);
        if (target.away != null) out.numeric(c, RPL_AWAY, target.nick, target.away);
        String line = ":" + c.prefix() + " INVITE " + target.nick + " " + ch.name;
        relay.invite(relay.event(Kind.INVITE, c, ch.name, line, null, null, Cap.INVITE_NOTIFY), target, ch, c);
    }

    static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
