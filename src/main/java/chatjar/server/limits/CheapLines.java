package chatjar.server.limits;

/**
 * Which raw lines {@link FloodGate} pays from its cheap budget: those that cost the server one short answer to
 * the sender and reach nobody else. {@code PING} and {@code PONG} (keepalives, and the round trip clients and
 * test suites use to know the server caught up), and what clients send right after a JOIN: {@code WHO} and
 * {@code MODE} queries ({@code MODE #c}, {@code MODE nick}, the list queries {@code MODE #c b}, {@code e},
 * {@code I}). A MODE that changes something fans out, so it is never cheap. Read from the bytes, before parsing,
 * because the gate decides before anything is decoded.
 */
public final class CheapLines {
    private CheapLines() {}

    public static boolean is(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        if (i < end && b[i] == '@') i = skipWord(b, i, end); // tags
        i = skipSpaces(b, i, end);
        if (i < end && b[i] == ':') i = skipSpaces(b, skipWord(b, i, end), end); // a source prefix
        int verbEnd = skipWord(b, i, end);
        if (word(b, i, verbEnd, "PING") || word(b, i, verbEnd, "PONG") || word(b, i, verbEnd, "WHO")) return true;
        if (!word(b, i, verbEnd, "MODE")) return false;
        int target = skipSpaces(b, verbEnd, end);
        int targetEnd = skipWord(b, target, end);
        if (targetEnd == target) return false; // 461, but metered like any mistake
        int modes = skipSpaces(b, targetEnd, end);
        if (modes == end) return true; // MODE #c, MODE nick: the current modes
        int modesEnd = skipWord(b, modes, end);
        if (skipSpaces(b, modesEnd, end) != end) return false; // a mode with an argument: a change
        if (b[modes] == ':') modes++;
        if (modes < modesEnd && b[modes] == '+') modes++;
        return modesEnd - modes == 1 && (b[modes] == 'b' || b[modes] == 'e' || b[modes] == 'I')
                && b[target] != ':' && (b[target] == '#' || b[target] == '&');
    }

    private static int skipWord(byte[] b, int i, int end) {
        while (i < end && b[i] != ' ') i++;
        return i;
    }

    private static int skipSpaces(byte[] b, int i, int end) {
        while (i < end && b[i] == ' ') i++;
        return i;
    }

    /** Case-insensitive: clients may send verbs in lower case. */
    private static boolean word(byte[] b, int from, int to, String verb) {
        if (to - from != verb.length()) return false;
        for (int k = 0; k < verb.length(); k++) if ((b[from + k] & 0xdf) != verb.charAt(k)) return false;
        return true;
    }
}
