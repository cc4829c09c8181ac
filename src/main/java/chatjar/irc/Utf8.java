package chatjar.irc;

/**
 * Byte lengths of text as it goes on the wire, without encoding it: the 512-byte line limit is in bytes, and
 * measuring a String by its chars under-counts anything outside ASCII.
 */
public final class Utf8 {
    private Utf8() {}

    /** The UTF-8 length of {@code s}; an unpaired surrogate counts as the 3-byte replacement it is encoded as. */
    public static int length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) n += width(s, i);
        return n;
    }

    /**
     * The longest prefix of {@code s} that is at most {@code maxBytes} long in UTF-8, cut between characters, never
     * inside one (a surrogate pair stays whole). {@code s} itself when it fits.
     */
    public static String truncate(String s, int maxBytes) {
        if (s.length() * 3 <= maxBytes) return s; // every char is at most 3 bytes (a pair is 4 for 2 chars)
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            int w = width(s, i);
            boolean pair = w == 4;
            if (n + w > maxBytes) return s.substring(0, i);
            n += w;
            if (pair) i++;
        }
        return s;
    }

    /** Bytes of the character starting at {@code i}: 4 for a surrogate pair (counted at its first half). */
    private static int width(String s, int i) {
        char ch = s.charAt(i);
        if (ch < 0x80) return 1;
        if (ch < 0x800) return 2;
        if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) return 4;
        if (Character.isLowSurrogate(ch) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1))) return 0;
        return 3;
    }
}
