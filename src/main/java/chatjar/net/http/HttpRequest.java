package chatjar.net.http;

import java.util.List;
import java.util.Locale;

/**
 * One parsed request head. Header names are lower-cased; values are trimmed of surrounding whitespace. Only
 * GET and HEAD get this far (the parser answers every other method 405), so there is never a body.
 */
public record HttpRequest(String method, String target, int minorVersion, List<Header> headers) {
    public record Header(String name, String value) {}

    /** The first value of a header, or null. {@code name} is matched case-insensitively. */
    public String header(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Header h : headers) if (h.name.equals(n)) return h.value;
        return null;
    }

    /** True if a comma-separated header (Connection, Upgrade) lists {@code token}, case-insensitively. */
    public boolean headerHasToken(String name, String token) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Header h : headers) {
            if (!h.name.equals(n)) continue;
            for (String t : h.value.split(",")) if (t.trim().equalsIgnoreCase(token)) return true;
        }
        return false;
    }

    /** The target without its query string. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    public boolean isHead() {
        return method.equals("HEAD");
    }

    /** HTTP/1.1 keeps the connection unless told otherwise; HTTP/1.0 closes unless asked to keep it. */
    public boolean keepAlive() {
        if (headerHasToken("connection", "close")) return false;
        return minorVersion >= 1 || headerHasToken("connection", "keep-alive");
    }
}
