package chatjar.server.handlers;

import chatjar.irc.Message;
import chatjar.server.ChatServer;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.server.ServerConfig;
import chatjar.server.caps.Cap;
import chatjar.server.caps.Outgoing;
import chatjar.server.state.Channel;
import chatjar.server.state.Channels;
import chatjar.server.state.Client;
import chatjar.server.state.Users;

import java.util.ArrayList;

/** Channel membership and metadata: JOIN, PART, TOPIC, NAMES, LIST, KICK, INVITE. */
public final class ChannelHandlers {
    private final ChatServer server;
    private final Replies out;
    private final Users users;
    private final Channels channels;
    private final ServerConfig.Limits limits;

    public ChannelHandlers(ChatServer server) {
        this.server = server;
        this.out = server.replies();
        this.users = server.users();
        this.channels = server.channels();
        this.limits = server.config().limits();
    }

    public void register(Commands t) {
        t.add("JOIN", 1, false, this::join);
        t.add("PART", 1, false, this::part);
        t.add("TOPIC", 1, false, this::topic);
        t.add("NAMES", 0, false, this::names);
        t.add("LIST", 0, false, this::list);
        t.add("KICK", 2, false, this::kick);
        t.add("INVITE", 2, false, this::invite);
    }

    public boolean validChannelName(String name) {
        if (name.length() < 2 || name.length() > limits.channelLen() || name.charAt(0) != '#') return false;
        for (int i = 1; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == ' ' || ch == ',' || ch == 7 || ch == ':' || ch < ' ' || ch == '\uFFFD') return false;
        }
        return true;
    }

    // JOIN <channel>{,<channel>} [<key>{,<key>}]  |  JOIN 0
    private void join(Client c, Message m) {
        if (m.param(0).equals("0")) {
            for (Channel ch : new ArrayList<>(c.channels())) leave(c, ch, null);
            return;
        }
        String[] names = m.param(0).split(",");
        String[] keys = m.paramCount() > 1 ? m.param(1).split(",") : new String[0];
        for (int i = 0; i < names.length; i++) {
            if (names[i].isEmpty()) continue;
            join(c, names[i], i < keys.length ? keys[i] : null);
        }
    }

    /** Joins one channel, creating it with {@code c} as operator; shared with plain mode's /join. */
    public Channel join(Client c, String name, String key) {
        if (!validChannelName(name)) {
            out.numeric(c, name.startsWith("#") ? "476" : "403", name, name.startsWith("#") ? "Bad Channel Mask" : "No such channel");
            return null;
        }
        Channel ch = channels.find(name);
        if (ch != null && ch.has(c)) return ch;
        if (c.channels().size() >= limits.channelsPerUser()) {
            out.numeric(c, "405", name, "You have joined too many channels");
            return null;
        }
        int flags = 0;
        if (ch == null) {
            ch = channels.create(name, System.currentTimeMillis() / 1000);
            flags = Channel.OP;
        } else {
            boolean invited = ch.isInvited(c);
            if (ch.isBanned(c) && !invited) {
                out.numeric(c, "474", ch.name, "Cannot join channel (+b)");
                return null;
            }
            if (ch.inviteOnly && !invited) {
                out.numeric(c, "473", ch.name, "Cannot join channel (+i)");
                return null;
            }
            if (ch.key != null && !ch.key.equals(key) && !invited) {
                out.numeric(c, "475", ch.name, "Cannot join channel (+k)");
                return null;
            }
            if (ch.limit > 0 && ch.size() >= ch.limit && !invited) {
                out.numeric(c, "471", ch.name, "Cannot join channel (+l)");
                return null;
            }
        }
        ch.add(c, flags);
        String join = ":" + c.prefix() + " JOIN " + ch.name;
        String extended = join + " " + (c.account == null ? "*" : c.account) + " :" + c.realname;
        out.toChannel(ch, out.relay(c, join, null, extended, null), null);
        if (c.away != null) {
            out.toChannel(ch, out.relay(c, ":" + c.prefix() + " AWAY :" + c.away, null, null, Cap.AWAY_NOTIFY), c);
        }
        if (ch.topic != null) sendTopic(c, ch);
        sendNames(c, ch);
        return ch;
    }

    // PART <channel>{,<channel>} [<reason>]
    private void part(Client c, Message m) {
        String reason = m.paramCount() > 1 ? m.param(1) : null;
        for (String name : m.param(0).split(",")) {
            if (name.isEmpty()) continue;
            Channel ch = channels.find(name);
            if (ch == null) out.numeric(c, "403", name, "No such channel");
            else if (!ch.has(c)) out.numeric(c, "442", ch.name, "You're not on that channel");
            else leave(c, ch, reason);
        }
    }

    /** Relays the PART to the members (the leaver included) and removes the client. */
    public void leave(Client c, Channel ch, String reason) {
        String line = ":" + c.prefix() + " PART " + ch.name + (reason == null ? "" : " :" + reason);
        out.toChannel(ch, out.relay(c, line, null), null);
        ch.remove(c);
        channels.removeIfEmpty(ch);
    }

    // TOPIC <channel> [<topic>]
    private void topic(Client c, Message m) {
        Channel ch = channels.find(m.param(0));
        if (ch == null) {
            out.numeric(c, "403", m.param(0), "No such channel");
            return;
        }
        if (m.paramCount() < 2) {
            if (ch.secret && !ch.has(c)) out.numeric(c, "442", ch.name, "You're not on that channel");
            else if (ch.topic == null) out.numeric(c, "331", ch.name, "No topic is set");
            else sendTopic(c, ch);
            return;
        }
        if (!ch.has(c)) {
            out.numeric(c, "442", ch.name, "You're not on that channel");
            return;
        }
        if (ch.topicLocked && !ch.isOp(c)) {
            out.numeric(c, "482", ch.name, "You're not channel operator");
            return;
        }
        String topic = truncate(m.param(1), limits.topicLen());
        ch.topic = topic.isEmpty() ? null : topic;
        ch.topicSetBy = c.prefix();
        ch.topicSetAt = System.currentTimeMillis() / 1000;
        out.toChannel(ch, out.relay(c, ":" + c.prefix() + " TOPIC " + ch.name + " :" + topic, null), null);
    }

    private void sendTopic(Client c, Channel ch) {
        out.numeric(c, "332", ch.name, ch.topic);
        out.numeric(c, "333", ch.name, ch.topicSetBy, String.valueOf(ch.topicSetAt));
    }

    // NAMES [<channel>{,<channel>}]
    private void names(Client c, Message m) {
        if (m.paramCount() == 0) {
            out.numeric(c, "366", "*", "End of /NAMES list");
            return;
        }
        for (String name : m.param(0).split(",")) {
            Channel ch = channels.find(name);
            if (ch != null && (!ch.secret || ch.has(c))) sendNames(c, ch);
            else out.numeric(c, "366", name, "End of /NAMES list");
        }
    }

    /** RPL_NAMREPLY lines packed up to the 512-byte limit, then RPL_ENDOFNAMES. */
    public void sendNames(Client c, Channel ch) {
        String symbol = ch.secret ? "@" : "=";
        boolean member = ch.has(c);
        int budget = 400 - ch.name.length() - server.name().length() - c.target().length();
        boolean multiPrefix = Cap.MULTI_PREFIX.in(c.caps);
        boolean userhosts = Cap.USERHOST_IN_NAMES.in(c.caps);
        StringBuilder sb = new StringBuilder();
        for (Client m : ch.members()) {
            if (!member && m.invisible) continue;
            String entry = ch.prefixOf(m, multiPrefix) + (userhosts ? m.prefix() : m.nick);
            if (sb.length() > 0 && sb.length() + entry.length() + 1 > budget) {
                out.numeric(c, "353", symbol, ch.name, sb.toString());
                sb.setLength(0);
            }
            if (sb.length() > 0) sb.append(' ');
            sb.append(entry);
        }
        if (sb.length() > 0) out.numeric(c, "353", symbol, ch.name, sb.toString());
        out.numeric(c, "366", ch.name, "End of /NAMES list");
    }

    // LIST [<channel>{,<channel>}]
    private void list(Client c, Message m) {
        out.numeric(c, "321", "Channel", "Users  Name");
        if (m.paramCount() > 0 && !m.param(0).isEmpty()) {
            for (String name : m.param(0).split(",")) {
                Channel ch = channels.find(name);
                if (ch != null && (!ch.secret || ch.has(c))) listEntry(c, ch);
            }
        } else {
            for (Channel ch : channels.all()) if (!ch.secret || ch.has(c)) listEntry(c, ch);
        }
        out.numeric(c, "323", "End of /LIST");
    }

    private void listEntry(Client c, Channel ch) {
        out.numeric(c, "322", ch.name, String.valueOf(ch.size()), ch.topic == null ? "" : ch.topic);
    }

    // KICK <channel> <user>{,<user>} [<comment>]
    private void kick(Client c, Message m) {
        Channel ch = channels.find(m.param(0));
        if (ch == null) {
            out.numeric(c, "403", m.param(0), "No such channel");
            return;
        }
        if (!ch.has(c)) {
            out.numeric(c, "442", ch.name, "You're not on that channel");
            return;
        }
        if (!ch.isOp(c)) {
            out.numeric(c, "482", ch.name, "You're not channel operator");
            return;
        }
        String reason = truncate(m.paramCount() > 2 ? m.param(2) : c.nick, limits.kickLen());
        for (String nick : m.param(1).split(",")) {
            Client target = users.find(nick);
            if (target == null || !ch.has(target)) {
                out.numeric(c, "441", nick, ch.name, "They aren't on that channel");
                continue;
            }
            kickOut(ch, c.prefix(), target, reason);
        }
    }

    /** Relays the KICK to all members and removes the target; also used by the server console. */
    public void kickOut(Channel ch, String by, Client target, String reason) {
        out.toChannel(ch, ":" + by + " KICK " + ch.name + " " + target.nick + " :" + reason, null);
        ch.remove(target);
        channels.removeIfEmpty(ch);
    }

    // INVITE <nickname> <channel>
    private void invite(Client c, Message m) {
        Client target = users.find(m.param(0));
        if (target == null) {
            out.numeric(c, "401", m.param(0), "No such nick/channel");
            return;
        }
        Channel ch = channels.find(m.param(1));
        if (ch == null) {
            out.numeric(c, "403", m.param(1), "No such channel");
            return;
        }
        if (!ch.has(c)) {
            out.numeric(c, "442", ch.name, "You're not on that channel");
            return;
        }
        if (ch.inviteOnly && !ch.isOp(c)) {
            out.numeric(c, "482", ch.name, "You're not channel operator");
            return;
        }
        if (ch.has(target)) {
            out.numeric(c, "443", target.nick, ch.name, "is already on channel");
            return;
        }
        ch.invite(target);
        out.numeric(c, "341", target.nick, ch.name);
        if (target.away != null) out.numeric(c, "301", target.nick, target.away);
        String line = ":" + c.prefix() + " INVITE " + target.nick + " " + ch.name;
        out.send(target, line);
        Outgoing notify = out.relay(c, line, null, null, Cap.INVITE_NOTIFY);
        for (Client op : ch.members()) if (op != c && ch.isOp(op)) out.send(op, notify); // invite-notify: operators only
    }

    static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
