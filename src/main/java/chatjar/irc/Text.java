package chatjar.irc;

/**
 * What may reach a terminal. IRC text is arbitrary bytes from strangers: ESC and BEL in a message can clear a
 * screen or retitle a window, and in a log they can forge lines. These are the three treatments: formatting removed
 * (plain-text users), controls removed (what they receive), controls escaped (what the log shows).
 */
public final class Text {
    private Text() {}

    /** The mIRC formatting codes: bold, colour, hex colour, reset, monospace, reverse, italics, strike, underline. */
    public static boolean isFormatting(char ch) {
        return ch == 0x02 || ch == 0x03 || ch == 0x04 || ch == 0x0f || ch == 0x11 || ch == 0x16 || ch == 0x1d
                || ch == 0x1e || ch == 0x1f;
    }

    /** C0 controls, DEL and the C1 range, which terminals interpret (ESC, CSI, OSC, BEL...). */
    public static boolean isControl(char ch) {
        return ch < 0x20 || (ch >= 0x7f && ch <= 0x9f);
    }

    /** Removes IRC formatting, including the digits of a colour code ({@code \x0304,12}) and hex colours. */
    public static String stripFormatting(String s) {
        if (!hasAny(s, true)) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == 0x03) i = skipColour(s, i + 1, 2, false) - 1;
            else if (ch == 0x04) i = skipColour(s, i + 1, 6, true) - 1;
            else if (!isFormatting(ch)) out.append(ch);
        }
        return out.toString();
    }

    /** Formatting stripped, then every remaining control character dropped: safe to print on any terminal. */
    public static String stripControls(String s) {
        String plain = stripFormatting(s);
        if (!hasAny(plain, false)) return plain;
        StringBuilder out = new StringBuilder(plain.length());
        for (int i = 0; i < plain.length(); i++) {
            char ch = plain.charAt(i);
            if (!isControl(ch)) out.append(ch);
        }
        return out.toString();
    }

    /** Every control character (formatting included) as {@code \xNN}, so a log line shows exactly what was sent. */
    public static String escapeControls(String s) {
        if (!hasAny(s, false)) return s;
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (isControl(ch)) out.append("\\x").append(Character.forDigit(ch >> 4, 16)).append(Character.forDigit(ch & 15, 16));
            else out.append(ch);
        }
        return out.toString();
    }

    /**
     * True when at most a third of the line is something other than text: controls, U+FFFD left by invalid UTF-8,
     * unassigned or private-use code points. Binary junk piped into a plain-text connection fails this.
     */
    public static boolean isMostlyText(String s) {
        int total = 0, junk = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            total++;
            int type = Character.getType(cp);
            if (cp == 0xfffd || (cp < 0x20 && cp != '\t') || type == Character.CONTROL || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE) junk++;
        }
        return junk * 3 <= total;
    }

    private static boolean hasAny(String s, boolean formattingOnly) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (formattingOnly ? isFormatting(ch) : isControl(ch)) return true;
        }
        return false;
    }

    /** Skips a colour's {@code fg[,bg]} after the code: up to {@code width} digits (or hex digits) each. */
    private static int skipColour(String s, int i, int width, boolean hex) {
        int fg = digits(s, i, width, hex);
        if (fg == i) return i;
        if (fg < s.length() && s.charAt(fg) == ',') {
            int bg = digits(s, fg + 1, width, hex);
            if (bg > fg + 1) return bg;
        }
        return fg;
    }

    private static int digits(String s, int i, int width, boolean hex) {
        int end = i;
        while (end < s.length() && end - i < width && Character.digit(s.charAt(end), hex ? 16 : 10) >= 0) end++;
        return end;
    }
}
