package chatjar.irc;

/**
 * The rfc1459 case mapping: ASCII letters plus {@code []\~} fold to {@code {}|^}, because in the
 * Scandinavian charset IRC was born in these are the upper and lower case of the same letters.
 * Advertised as {@code CASEMAPPING=rfc1459} in RPL_ISUPPORT.
 */
public final class CaseMapping {
    private CaseMapping() {}

    public static String fold(String s) {
        int i = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (folds(c)) break;
        }
        if (i == s.length()) return s; // already folded: no allocation, the common case for channel names
        char[] out = s.toCharArray();
        for (; i < out.length; i++) out[i] = foldChar(out[i]);
        return new String(out);
    }

    private static boolean folds(char c) {
        return (c >= 'A' && c <= 'Z') || c == '[' || c == ']' || c == '\\' || c == '~';
    }

    public static char foldChar(char c) {
        if (c >= 'A' && c <= 'Z') return (char) (c + 32);
        return switch (c) {
            case '[' -> '{';
            case ']' -> '}';
            case '\\' -> '|';
            case '~' -> '^';
            default -> c;
        };
    }

    public static boolean equals(String a, String b) {
        return a.length() == b.length() && fold(a).equals(fold(b));
    }
}
