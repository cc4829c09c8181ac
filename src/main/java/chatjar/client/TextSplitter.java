package chatjar.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits long text so each relayed line fits IRC's 512 bytes. The server prepends our
 * {@code :nick!user@host}, which we cannot measure exactly, so a fixed allowance is kept for it.
 */
final class TextSplitter {
    /** Room for ":nick!~user@host " as relayed: a 30-char nick, 10-char user and a 63-char host. */
    static final int PREFIX_ALLOWANCE = 110;

    private TextSplitter() {}

    static int budget(String verb, String target) {
        return 512 - 2 - PREFIX_ALLOWANCE - utf8(verb + " " + target + " :");
    }

    /** Pieces of at most {@code maxBytes} UTF-8 bytes, broken at a space where one is near, never inside a character. */
    static List<String> split(String text, int maxBytes) {
        List<String> pieces = new ArrayList<>();
        String rest = text;
        while (utf8(rest) > maxBytes) {
            int end = 0;
            int bytes = 0;
            while (end < rest.length()) {
                int cp = rest.codePointAt(end);
                int n = utf8(new String(Character.toChars(cp)));
                if (bytes + n > maxBytes) break;
                bytes += n;
                end += Character.charCount(cp);
            }
            if (end == 0) end = Character.charCount(rest.codePointAt(0));
            int space = rest.lastIndexOf(' ', end);
            int cut = space > end / 2 ? space : end;
            pieces.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty() || pieces.isEmpty()) pieces.add(rest);
        return pieces;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
