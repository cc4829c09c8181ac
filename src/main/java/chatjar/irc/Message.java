package chatjar.irc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One IRC message: optional IRCv3 tags, optional source prefix, a command (verb or three-digit numeric)
 * and up to 15 parameters. The one parser and serialiser shared by the server, the client and the bench.
 *
 * <p>Grammar (Modern IRC, "Message format"):
 * {@code [@tags SPACE] [:source SPACE] command *(SPACE param) [SPACE :trailing]}.
 */
public final class Message {
    /** RFC 1459 allows 15 parameters; extra words are folded into the last one rather than rejected. */
    public static final int MAX_PARAMS = 15;

    private final Map<String, String> tags;
    private final String prefix;
    private final String command;
    private final List<String> params;

    public Message(Map<String, String> tags, String prefix, String command, List<String> params) {
        this.tags = tags == null ? Map.of() : tags;
        this.prefix = prefix;
        this.command = command;
        this.params = params;
    }

    public static Message of(String prefix, String command, String... params) {
        return new Message(null, prefix, command, List.of(params));
    }

    public Map<String, String> tags() { return tags; }
    public String prefix() { return prefix; }
    public String command() { return command; }
    public List<String> params() { return params; }
    public int paramCount() { return params.size(); }
    public String param(int i) { return i < params.size() ? params.get(i) : null; }
    public String last() { return params.isEmpty() ? null : params.get(params.size() - 1); }

    /** The nick part of a {@code nick!user@host} prefix, or the whole prefix (a server name). */
    public String sourceNick() {
        if (prefix == null) return null;
        int bang = prefix.indexOf('!');
        return bang < 0 ? prefix : prefix.substring(0, bang);
    }

    /**
     * Parses one line without its line ending. Returns null for a line with no command (empty, only spaces,
     * a prefix/tags with nothing after them, or a command starting with @ or :): the caller ignores such
     * lines, as servers conventionally do. Never throws for any input string.
     */
    public static Message parse(String line) {
        int len = line.length();
        // Leading spaces are skipped rather than read as an empty command (found by MessageFuzzTest).
        int i = skipSpaces(line, 0);
        Map<String, String> tags = null;
        if (i < len && line.charAt(i) == '@') {
            int end = line.indexOf(' ', i);
            if (end < 0) return null;
            tags = parseTags(line.substring(i + 1, end));
            i = skipSpaces(line, end);
        }
        String prefix = null;
        if (i < len && line.charAt(i) == ':') {
            int end = line.indexOf(' ', i);
            if (end < 0) return null;
            prefix = line.substring(i + 1, end);
            i = skipSpaces(line, end);
        }
        // A command starting with '@' or ':' would be read back as tags or a prefix once relayed (fuzzing).
        if (i >= len || line.charAt(i) == '@' || line.charAt(i) == ':') return null;
        int end = line.indexOf(' ', i);
        if (end < 0) end = len;
        String command = upper(line.substring(i, end));
        i = skipSpaces(line, end);
        List<String> params = new ArrayList<>(4);
        while (i < len) {
            if (line.charAt(i) == ':' || params.size() == MAX_PARAMS - 1) {
                params.add(line.charAt(i) == ':' ? line.substring(i + 1) : line.substring(i));
                break;
            }
            end = line.indexOf(' ', i);
            if (end < 0) end = len;
            params.add(line.substring(i, end));
            i = skipSpaces(line, end);
        }
        return new Message(tags, prefix, command, Collections.unmodifiableList(params));
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return i;
    }

    private static String upper(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') return s.toUpperCase(java.util.Locale.ROOT);
        }
        return s;
    }

    /** Parses {@code key=value;key2;+client/key=v} with IRCv3 value unescaping. */
    public static Map<String, String> parseTags(String raw) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : raw.split(";")) {
            int eq = part.indexOf('=');
            if (part.isEmpty() || eq == 0) continue; // a tag needs a key; "=v" would not survive a relay
            if (eq < 0) tags.put(part, "");
            else tags.put(part.substring(0, eq), unescapeTag(part.substring(eq + 1)));
        }
        return tags;
    }

    public static String unescapeTag(String v) {
        if (v.indexOf('\\') < 0) return v;
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\') { sb.append(c); continue; }
            if (++i >= v.length()) break; // a lone trailing backslash is dropped
            char e = v.charAt(i);
            switch (e) {
                case ':' -> sb.append(';');
                case 's' -> sb.append(' ');
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                default -> sb.append(e); // includes "\\\\" -> "\\"; unknown escapes drop the backslash
            }
        }
        return sb.toString();
    }

    public static String escapeTag(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case ';' -> sb.append("\\:");
                case ' ' -> sb.append("\\s");
                case '\\' -> sb.append("\\\\");
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Serialises without the line ending; the last parameter is made trailing only when it has to be. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64);
        if (!tags.isEmpty()) {
            sb.append('@');
            boolean first = true;
            for (Map.Entry<String, String> t : tags.entrySet()) {
                if (!first) sb.append(';');
                first = false;
                sb.append(t.getKey());
                if (!t.getValue().isEmpty()) sb.append('=').append(escapeTag(t.getValue()));
            }
            sb.append(' ');
        }
        if (prefix != null) sb.append(':').append(prefix).append(' ');
        sb.append(command);
        appendParams(sb, params);
        return sb.toString();
    }

    /** Appends {@code " p1 p2 :last"}, colon-prefixing the last parameter only when it needs it. */
    public static void appendParams(StringBuilder sb, List<String> params) {
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i);
            sb.append(' ');
            if (i == params.size() - 1 && needsTrailing(p)) sb.append(':');
            sb.append(p);
        }
    }

    public static boolean needsTrailing(String p) {
        return p.isEmpty() || p.charAt(0) == ':' || p.indexOf(' ') >= 0;
    }
}
