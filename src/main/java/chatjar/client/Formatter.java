package chatjar.client;

import chatjar.client.Line.Kind;
import chatjar.irc.Message;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Turns what the server sends into sentences a person reads: joins, parts, kicks, nick changes, topics,
 * modes and numerics ("No such nick: bob"). Shared by the terminal screen and pipe mode; holds no state.
 */
public final class Formatter {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** {@link #format(Message, String, Casemap)} under the rfc1459 mapping. */
    public Line format(Message m, String me) {
        return format(m, me, Casemap.RFC1459);
    }

    /**
     * The line to show for {@code m}, or null for protocol traffic a person need not see. {@code me} is our nick,
     * compared under the server's case mapping.
     */
    Line format(Message m, String me, Casemap casemap) {
        String who = m.sourceNick();
        boolean self = who != null && casemap.equals(who, me);
        return switch (m.command()) {
            case "PRIVMSG", "NOTICE" -> chat(m, who, self);
            case "JOIN" -> Line.of(Kind.EVENT, m.param(0), self ? "You joined " + m.param(0)
                    : who + " (" + userHost(m.prefix()) + ") joined " + m.param(0));
            case "PART" -> Line.of(Kind.EVENT, m.param(0), (self ? "You left " : who + " left ") + m.param(0)
                    + reason(m.paramCount() > 1 ? m.last() : null));
            case "QUIT" -> Line.of(Kind.EVENT, null, who + " quit" + reason(m.param(0)));
            case "KICK" -> Line.of(Kind.EVENT, m.param(0), casemap.equals(m.param(1), me)
                    ? "You were kicked from " + m.param(0) + " by " + who + reason(m.param(2))
                    : who + " kicked " + m.param(1) + " from " + m.param(0) + reason(m.param(2)));
            case "NICK" -> Line.of(Kind.EVENT, null, self ? "You are now known as " + m.param(0)
                    : who + " is now known as " + m.param(0));
            case "TOPIC" -> Line.of(Kind.EVENT, m.param(0), m.last() == null || m.last().isEmpty()
                    || m.paramCount() < 2 ? who + " cleared the topic of " + m.param(0)
                    : who + " changed the topic of " + m.param(0) + " to: " + m.last());
            case "MODE" -> mode(m, who, casemap.equals(m.param(0), me));
            case "INVITE" -> Line.of(Kind.EVENT, null, who + " invites you to " + m.param(1) + " (type /join " + m.param(1) + ")");
            case "ERROR" -> Line.of(Kind.STATUS, null, "Server closed the connection: " + m.last());
            case "FAIL" -> m.paramCount() < 3 ? null : Line.of(Kind.ERROR, null, standardReply(m));
            case "WARN", "NOTE" -> m.paramCount() < 3 ? null : Line.of(Kind.INFO, null, standardReply(m));
            case "REGISTER" -> m.paramCount() < 2 ? null : Line.of(Kind.STATUS, null, "SUCCESS".equals(m.param(0))
                    ? "Registered the account " + m.param(1) + " and logged in to it" : Formatter.join(m.params()));
            case "PING", "PONG", "CAP", "AUTHENTICATE", "BATCH", "TAGMSG" -> null;
            default -> m.command().length() == 3 && Character.isDigit(m.command().charAt(0)) ? NumericSentences.sentence(m) : null;
        };
    }

    private static Line chat(Message m, String who, boolean self) {
        String target = m.param(0);
        String text = m.last() == null ? "" : m.last();
        boolean fromServer = m.prefix() == null || m.prefix().indexOf('!') < 0;
        // Our own line coming back (echo-message, or scrollback): it belongs to the conversation it went to.
        boolean own = self && !fromServer;
        String window = target != null && Line.isChannel(target) ? target : fromServer ? null : own ? target : who;
        if (fromServer) {
            // Notices to "*" arrive before registration (lookup banners): greeting, not conversation.
            Kind kind = "*".equals(target) ? Kind.BANNER : Kind.NOTICE;
            return Line.chat(kind, window, who == null ? "server" : who, text, false);
        }
        if (text.length() > 1 && text.charAt(0) == '\u0001') {
            String ctcp = text.substring(1, text.endsWith("\u0001") ? text.length() - 1 : text.length());
            if (ctcp.startsWith("ACTION ")) return Line.chat(Kind.ACTION, window, who, ctcp.substring(7), own);
            if (ctcp.equals("ACTION")) return Line.chat(Kind.ACTION, window, who, "", own);
            return Line.of(Kind.EVENT, window, who + " sent a CTCP " + ctcp.split(" ", 2)[0] + " request");
        }
        return Line.chat(m.command().equals("PRIVMSG") ? Kind.MESSAGE : Kind.NOTICE, window, who, text, own);
    }

    /** {@code FAIL <command> <code> [context...] :description}: "REGISTER: That account already exists". */
    private static String standardReply(Message m) {
        String command = m.param(0);
        String what = switch (command) {
            case "REGISTER" -> "Registration failed: ";
            case "CHATHISTORY" -> "Scrollback unavailable: ";
            case "*" -> "";
            default -> command + ": ";
        };
        return what + m.last();
    }

    private static Line mode(Message m, String who, boolean toMe) {
        String target = m.param(0);
        String change = join(m.params().subList(1, m.paramCount()));
        if (Line.isChannel(target)) return Line.of(Kind.EVENT, target, who + " sets mode " + change + " on " + target);
        if (toMe) return Line.of(Kind.INFO, null, "Your user mode changed: " + change);
        return Line.of(Kind.EVENT, null, who + " sets mode " + change + " on " + target);
    }

    private static String userHost(String prefix) {
        int bang = prefix == null ? -1 : prefix.indexOf('!');
        return bang < 0 ? "?" : prefix.substring(bang + 1);
    }

    static String reason(String r) {
        return r == null || r.isEmpty() ? "" : " (" + r + ")";
    }

    static String when(String epochSeconds) {
        try {
            return WHEN.format(Instant.ofEpochSecond(Long.parseLong(epochSeconds)));
        } catch (NumberFormatException e) {
            return epochSeconds;
        }
    }

    /** A replayed line's time: "2026-12-03 14:05" in the local zone. */
    static String stamp(long millis) {
        return WHEN.format(Instant.ofEpochMilli(millis));
    }

    /** The {@code time} tag of server-time ({@code 2026-12-03T14:05:00.000Z}), or -1 if absent or unreadable. */
    static long serverTime(Message m) {
        String t = m.tags() == null ? null : m.tags().get("time");
        if (t == null) return -1;
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return -1;
        }
    }

    static String duration(String seconds) {
        try {
            long s = Long.parseLong(seconds);
            if (s < 60) return s + "s";
            if (s < 3600) return s / 60 + "m " + s % 60 + "s";
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        } catch (NumberFormatException e) {
            return seconds + "s";
        }
    }

    static String join(List<String> parts) {
        return String.join(" ", parts);
    }
}
