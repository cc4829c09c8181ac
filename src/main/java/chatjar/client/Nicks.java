package chatjar.client;

import java.util.Locale;

/** Nick rules the client applies itself: a valid default from the OS user name, and suffixes after a 433. */
public final class Nicks {
    /** Modern IRC's common floor; servers allow at least this many characters. */
    static final int SAFE_LENGTH = 16;
    private static final String SPECIAL = "[]\\`_^{|}";

    private Nicks() {}

    /** Turns an OS user name ("Jane Doe", "1337", "svc.build") into a nick every server accepts. */
    public static String fromUserName(String name) {
        StringBuilder sb = new StringBuilder();
        if (name != null) {
            for (char ch : name.toCharArray()) {
                if (sb.length() >= SAFE_LENGTH) break;
                if (ch < 128 && (Character.isLetterOrDigit(ch) || SPECIAL.indexOf(ch) >= 0 || ch == '-')) sb.append(ch);
                else if (ch == ' ' || ch == '.') sb.append('_');
            }
        }
        if (sb.length() > 0 && !(Character.isLetter(sb.charAt(0)) || SPECIAL.indexOf(sb.charAt(0)) >= 0)) {
            sb.insert(0, 'u');
            if (sb.length() > SAFE_LENGTH) sb.setLength(SAFE_LENGTH);
        }
        return sb.length() == 0 ? "guest" : sb.toString().toLowerCase(Locale.ROOT);
    }

    /** The nick to try after {@code base} was refused {@code attempt} times: ann_, ann2, ann3 ... */
    public static String suffixed(String base, int attempt) {
        String suffix = attempt == 1 ? "_" : Integer.toString(attempt);
        String stem = base.length() + suffix.length() > SAFE_LENGTH
                ? base.substring(0, Math.max(1, SAFE_LENGTH - suffix.length())) : base;
        return stem + suffix;
    }
}
