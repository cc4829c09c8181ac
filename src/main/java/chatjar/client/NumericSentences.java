package chatjar.client;

import chatjar.client.Line.Kind;
import chatjar.irc.Message;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Numeric replies as sentences. Templates use %1, %2 ... for the parameters after our nick and %t for the
 * trailing text; numerics missing here fall back to their own text plus their middle parameters.
 */
final class NumericSentences {
    private NumericSentences() {}

    /** End-of-list markers and machine-readable bursts a person need not see. */
    private static final Set<String> SILENT = Set.of("004", "005", "315", "318", "321", "323", "329", "366",
            "368", "376");
    private static final Set<String> BANNER = Set.of("001", "002", "003", "251", "252", "253", "254", "255", "422",
            "265", "266", "372", "375");

    private static final Map<String, String> TEMPLATES = Map.ofEntries(
            Map.entry("221", "Your user mode is %1"),
            Map.entry("301", "%1 is away: %t"),
            Map.entry("311", "%1 is %2@%3 (%t)"),
            Map.entry("312", "%1 is connected to %2 (%t)"),
            Map.entry("313", "%1 is an IRC operator"),
            Map.entry("319", "%1 is on %t"),
            Map.entry("330", "%1 is logged in as %2"),
            Map.entry("331", "No topic is set on %1"),
            Map.entry("332", "Topic of %1: %t"),
            Map.entry("341", "You invited %1 to %2"),
            Map.entry("353", "Users on %2: %t"),
            Map.entry("367", "Ban on %1: %2"),
            Map.entry("381", "You are now an IRC operator"),
            Map.entry("391", "Server time: %t"),
            Map.entry("401", "No such nick: %1"),
            Map.entry("402", "No such server: %1"),
            Map.entry("403", "No such channel: %1"),
            Map.entry("404", "Cannot send to %1 (%t)"),
            Map.entry("405", "Cannot join %1: you are on too many channels"),
            Map.entry("406", "There was no such nick: %1"),
            Map.entry("407", "Too many targets: %1"),
            Map.entry("411", "No recipient given"),
            Map.entry("412", "No text to send"),
            Map.entry("417", "That line was too long for the server"),
            Map.entry("421", "The server does not know the command %1"),
            Map.entry("422", "There is no message of the day"),
            Map.entry("431", "No nick given"),
            Map.entry("432", "Invalid nick: %1"),
            Map.entry("433", "Nick %1 is already in use"),
            Map.entry("436", "Nick collision: %1"),
            Map.entry("437", "%1 is temporarily unavailable"),
            Map.entry("441", "%1 is not on %2"),
            Map.entry("442", "You are not on %1"),
            Map.entry("443", "%1 is already on %2"),
            Map.entry("451", "You have not registered yet"),
            Map.entry("461", "Not enough parameters for %1"),
            Map.entry("462", "You are already registered"),
            Map.entry("464", "Wrong password"),
            Map.entry("471", "Cannot join %1: the channel is full"),
            Map.entry("472", "Unknown mode character %1"),
            Map.entry("473", "Cannot join %1: it is invite-only"),
            Map.entry("474", "Cannot join %1: you are banned"),
            Map.entry("475", "Cannot join %1: wrong channel key"),
            Map.entry("476", "Invalid channel name: %1"),
            Map.entry("478", "The ban list of %1 is full"),
            Map.entry("481", "Permission denied: you are not an IRC operator"),
            Map.entry("482", "You need to be a channel operator on %1"),
            Map.entry("491", "No operator block matches your name and host"),
            Map.entry("501", "Unknown user mode flag"),
            Map.entry("502", "You can only change your own user modes"),
            Map.entry("525", "Invalid channel key for %1"),
            Map.entry("671", "%1 is using a secure connection (TLS)"));

    static Line sentence(Message m) {
        String code = m.command();
        if (SILENT.contains(code)) return null;
        List<String> args = m.paramCount() > 1 ? m.params().subList(1, m.paramCount()) : List.of();
        String window = !args.isEmpty() && Line.isChannel(args.get(0)) ? args.get(0)
                : code.equals("353") && args.size() > 1 ? args.get(1) : null;
        Kind kind = BANNER.contains(code) ? Kind.BANNER : code.charAt(0) >= '4' ? Kind.ERROR : Kind.INFO;
        String text = kind == Kind.BANNER ? banner(args, m.last()) : switch (code) {
            case "305", "306" -> m.last();
            case "317" -> args.get(0) + " has been idle for " + Formatter.duration(arg(args, 1))
                    + (args.size() > 3 ? ", online since " + Formatter.when(args.get(2)) : "");
            case "324" -> "Modes of " + args.get(0) + ": " + Formatter.join(args.subList(1, args.size()));
            case "333" -> "Topic of " + args.get(0) + " set by " + nickOf(arg(args, 1))
                    + (args.size() > 2 ? " on " + Formatter.when(args.get(2)) : "");
            case "351" -> "Server version: " + Formatter.join(args);
            case "352" -> who(args);
            case "322" -> arg(args, 0) + " (" + arg(args, 1) + " users)"
                    + (m.last() == null || m.last().isEmpty() || args.size() < 3 ? "" : ": " + m.last());
            default -> fill(TEMPLATES.get(code), args, m.last());
        };
        return Line.of(kind, window, text);
    }

    /** "252 ann 2 :operator(s) online" reads as "2 operator(s) online"; other banners are their text. */
    private static String banner(List<String> args, String trailing) {
        return args.size() == 2 && args.get(0).chars().allMatch(Character::isDigit) ? args.get(0) + " " + trailing : trailing;
    }

    /** 352: {@code <channel> <user> <host> <server> <nick> <flags> :<hops> <realname>}. */
    private static String who(List<String> a) {
        if (a.size() < 7) return Formatter.join(a);
        String[] hopsAndName = a.get(6).split(" ", 2);
        String realname = hopsAndName.length > 1 ? hopsAndName[1] : "";
        boolean away = a.get(5).startsWith("G");
        return a.get(0) + "  " + a.get(4) + " (" + a.get(1) + "@" + a.get(2) + ") " + realname + (away ? " [away]" : "");
    }

    private static String fill(String template, List<String> args, String trailing) {
        if (template == null) {
            // Unknown numeric: its own text, with the middle parameters (a nick, a channel) it is about.
            List<String> middle = args.isEmpty() ? args : args.subList(0, args.size() - 1);
            return (trailing == null ? "" : trailing) + (middle.isEmpty() ? "" : ": " + Formatter.join(middle));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length()) {
                char k = template.charAt(++i);
                sb.append(k == 't' ? (trailing == null ? "" : trailing) : arg(args, k - '1'));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String arg(List<String> args, int i) {
        return i >= 0 && i < args.size() ? args.get(i) : "?";
    }

    private static String nickOf(String mask) {
        int bang = mask.indexOf('!');
        return bang < 0 ? mask : mask.substring(0, bang);
    }
}
