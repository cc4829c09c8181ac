package chatjar.state;

/** IRC glob masks ({@code *} any run, {@code ?} one character), matched iteratively: no regex, no recursion. */
public final class Masks {
    private Masks() {}

    public static boolean matches(String mask, String s) {
        int m = 0, i = 0, star = -1, mark = 0;
        while (i < s.length()) {
            if (m < mask.length() && (mask.charAt(m) == '?' || mask.charAt(m) == s.charAt(i))) {
                m++;
                i++;
            } else if (m < mask.length() && mask.charAt(m) == '*') {
                star = m++;
                mark = i;
            } else if (star >= 0) {
                m = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (m < mask.length() && mask.charAt(m) == '*') m++;
        return m == mask.length();
    }

    /** Completes a partial ban mask the way servers conventionally do: {@code bob} → {@code bob!*@*}. */
    public static String normalize(String mask) {
        int bang = mask.indexOf('!');
        int at = mask.indexOf('@');
        if (bang < 0 && at < 0) return mask + "!*@*";
        if (bang < 0) return "*!" + mask;
        if (at < 0) return mask + "@*";
        return mask;
    }
}
