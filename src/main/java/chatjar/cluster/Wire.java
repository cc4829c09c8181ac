package chatjar.cluster;

import chatjar.server.relay.RelayEvent;
import chatjar.state.Channel;
import chatjar.state.Client;
import chatjar.state.MaskList;

import java.util.ArrayList;
import java.util.List;

/**
 * The text form of what crosses between nodes: fields joined by LF, which no IRC line, nick, host or topic can
 * contain (the server turns NUL into a space, so NUL marks a null field). An event is serialised once, whatever
 * the number of nodes and recipients.
 */
public final class Wire {
    /**
     * Message types: a relayed event, a user record (registration, or a node's burst after a split), a node reset,
     * a node's roster (every nick it serves: the others drop any they mirror that is not in it), a request that
     * every node send its roster, and two requests to the node a user is on: close it (KILL), change its host
     * (CHGHOST).
     */
    public static final String EVENT = "E", USER = "U", RESET = "R", ROSTER = "S", ASK = "A", KILL = "K", CHGHOST = "H";
    private static final String NULL = "\0";

    private Wire() { }

    /** The source is named as it was when the event happened: a NICK is relayed after the rename. */
    public static String event(String node, RelayEvent e, int joinFlags) {
        String prefix = e.prefix();
        int bang = prefix == null ? -1 : prefix.indexOf('!');
        return join(node, EVENT, e.kind().name(), bang > 0 ? prefix.substring(0, bang) : e.source().nick, e.target(), e.line, e.msgid(),
                Long.toString(e.timeMillis()), e.clientTags(), e.extendedLine(), Long.toString(e.requires()),
                Integer.toString(joinFlags));
    }

    /** A user as other nodes mirror it: its {@link #record}. */
    public static String user(String node, String record) {
        return join(node, USER, record);
    }

    /**
     * A user as other nodes mirror it: identity, user modes, channels with their member flags, then the server
     * name of its node and when it last sent a message (epoch ms), for WHOIS.
     */
    public static String record(Client c, String server, long lastMessageEpochMillis) {
        StringBuilder chans = new StringBuilder();
        for (Channel ch : c.channels()) {
            if (chans.length() > 0) chans.append(' ');
            chans.append(ch.flags(c)).append(ch.name);
        }
        String modes = (c.invisible ? "i" : "") + (c.oper ? "o" : "") + (c.bot ? "B" : "");
        return join(c.nick, c.user, c.host, c.realname, c.account, c.away, modes, Long.toString(c.signonSeconds),
                chans.toString(), server, Long.toString(lastMessageEpochMillis));
    }

    public static String roster(String node, Iterable<String> folded) {
        return node + "\n" + ROSTER + "\n" + String.join(" ", folded);
    }

    public static String ask(String node) {
        return join(node, ASK);
    }

    /** Asks {@code node}'s user {@code nick} be closed with {@code reason} (an operator's KILL elsewhere). */
    public static String kill(String from, String nick, String reason) {
        return join(from, KILL, nick, reason);
    }

    /** Asks that {@code nick}'s user@host become {@code user}@{@code host} (an operator's CHGHOST elsewhere). */
    public static String chghost(String from, String nick, String user, String host) {
        return join(from, CHGHOST, nick, user, host);
    }

    public static String reset(String node) {
        return join(node, RESET);
    }

    /** Channel state as it is kept network-wide: topic, modes, key, limit, lists (members are in user records). */
    public static String channel(Channel ch) {
        List<String> f = new ArrayList<>(List.of(ch.name, Long.toString(ch.createdSeconds), str(ch.topic),
                str(ch.topicSetBy), Long.toString(ch.topicSetAt),
                (ch.noCtcp ? "C" : "") + (ch.inviteOnly ? "i" : "") + (ch.moderated ? "m" : "")
                        + (ch.noExternal ? "n" : "") + (ch.secret ? "s" : "") + (ch.topicLocked ? "t" : ""),
                str(ch.key), Integer.toString(ch.limit)));
        for (char mode : LIST_MODES) {
            MaskList l = ch.list(mode);
            if (l == null) continue;
            for (MaskList.Entry e : l.entries()) f.add(mode + " " + e.mask() + " " + e.setBy() + " " + e.setAt());
        }
        return String.join("\n", f);
    }

    private static final char[] LIST_MODES = {'b', 'e', 'I'};

    /** Applies {@link #channel} state to a channel (created for it if needed). */
    public static void applyChannel(Channel ch, String[] f) {
        ch.topic = nul(f[2]);
        ch.topicSetBy = nul(f[3]);
        ch.topicSetAt = Long.parseLong(f[4]);
        ch.noCtcp = f[5].indexOf('C') >= 0;
        ch.inviteOnly = f[5].indexOf('i') >= 0;
        ch.moderated = f[5].indexOf('m') >= 0;
        ch.noExternal = f[5].indexOf('n') >= 0;
        ch.secret = f[5].indexOf('s') >= 0;
        ch.topicLocked = f[5].indexOf('t') >= 0;
        ch.key = nul(f[6]);
        ch.limit = Integer.parseInt(f[7]);
        for (int i = 8; i < f.length; i++) {
            String[] e = f[i].split(" ", 4);
            if (e.length == 4 && e[0].length() == 1) {
                ch.addToList(e[0].charAt(0), new MaskList.Entry(e[1], e[2], Long.parseLong(e[3])));
            }
        }
    }

    public static String[] split(String message) {
        return message.split("\n", -1);
    }

    /** A field that may be null. */
    public static String nul(String field) {
        return NULL.equals(field) ? null : field;
    }

    private static String str(String s) {
        return s == null ? NULL : s;
    }

    private static String join(String... fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) sb.append('\n');
            sb.append(str(fields[i]));
        }
        return sb.toString();
    }
}
