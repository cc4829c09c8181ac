package chatjar.client;

import chatjar.irc.CaseMapping;

import java.util.Comparator;
import java.util.Locale;

/**
 * Which nicks and channel names the server counts as the same, as its RPL_ISUPPORT {@code CASEMAPPING} says.
 * Under rfc1459 (the default when a server says nothing) {@code []\~} are the upper case of {@code {}|^};
 * strict-rfc1459 leaves {@code ~^} apart; ascii folds letters only. The client uses one mapping for nick and
 * channel comparison alike, so "is this me", "is this member gone" and "which window" agree with the server.
 */
enum Casemap {
    RFC1459, STRICT_RFC1459, ASCII;

    /** The mapping a {@code CASEMAPPING=} token names; unknown ones (rfc7613 ...) fold as ascii does for ASCII text. */
    static Casemap of(String token) {
        return switch (token.toLowerCase(Locale.ROOT)) {
            case "rfc1459" -> RFC1459;
            case "strict-rfc1459", "rfc1459-strict" -> STRICT_RFC1459;
            default -> ASCII;
        };
    }

    String fold(String s) {
        if (this == RFC1459) return CaseMapping.fold(s);
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char f = foldChar(c);
            if (f != c && sb == null) sb = new StringBuilder(s.substring(0, i));
            if (sb != null) sb.append(f);
        }
        return sb == null ? s : sb.toString();
    }

    private char foldChar(char c) {
        if (c >= 'A' && c <= 'Z') return (char) (c + 32);
        if (this == STRICT_RFC1459) {
            return switch (c) {
                case '[' -> '{';
                case ']' -> '}';
                case '\\' -> '|';
                default -> c;
            };
        }
        return c;
    }

    boolean equals(String a, String b) {
        if (a == null || b == null) return a == b;
        return a.length() == b.length() && fold(a).equals(fold(b));
    }

    /** Orders names by their folded form, so a sorted set holds one entry per name as the server counts them. */
    Comparator<String> order() {
        return Comparator.comparing(this::fold);
    }
}
