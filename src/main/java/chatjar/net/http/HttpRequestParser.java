package chatjar.net.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An incremental parser for one HTTP/1.1 request head, fed whatever chunks the socket delivers. It copies the
 * head into one array that grows (by doubling) only up to {@link HttpLimits#maxHeadBytes}, checks each limit as
 * soon as the bytes that break it arrive, and parses the fields once the blank line is seen.
 *
 * <p>Only GET and HEAD are served: any other method is answered 405, and a request announcing a body
 * ({@code Content-Length} other than 0, or {@code Transfer-Encoding}) 413, so no body is ever read. A lone LF
 * ends a line as well as CRLF (RFC 9112 §2.2 allows it, and with no bodies there is nothing to smuggle), a CR
 * not followed by LF is a 400. A slow or silent client is the caller's to time out.
 *
 * <p>Use: {@link #feed} until {@link #state()} leaves {@link State#NEED_MORE}; on {@link State#COMPLETE} take
 * {@link #request()} (bytes after the head were not consumed; they belong to whatever follows, e.g. the
 * WebSocket frames of an upgraded connection), then {@link #reset()} for the next request on a kept-alive
 * connection; on {@link State#FAILED} answer {@link #error()} and close.
 */
public final class HttpRequestParser {
    public enum State { NEED_MORE, COMPLETE, FAILED }

    private static final int INITIAL = 512;

    private final HttpLimits limits;
    private byte[] head;
    private int len;
    private int lineStart;
    private int fields;
    private boolean inRequestLine = true;
    private boolean pendingCr;
    private String method;
    private String target;
    private int minorVersion;
    private State state = State.NEED_MORE;
    private HttpStatus error;
    private HttpRequest request;

    public HttpRequestParser(HttpLimits limits) {
        this.limits = limits;
    }

    /**
     * Consumes bytes from {@code buf[off, off+n)} up to the end of the head and returns how many it consumed.
     * Consumes nothing once the state is COMPLETE or FAILED.
     */
    public int feed(byte[] buf, int off, int n) {
        int i = 0;
        while (i < n && state == State.NEED_MORE) {
            byte b = buf[off + i++];
            if (pendingCr && b != '\n') {
                fail(HttpStatus.BAD_REQUEST);
                break;
            }
            if (b == '\r') {
                pendingCr = true;
                continue;
            }
            pendingCr = false;
            if (b == '\n') {
                endOfLine();
                continue;
            }
            if (inRequestLine && len - lineStart >= limits.maxRequestLine()) {
                fail(HttpStatus.URI_TOO_LONG);
                break;
            }
            if (len >= limits.maxHeadBytes()) {
                fail(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
                break;
            }
            append(b);
        }
        return i;
    }

    public State state() {
        return state;
    }

    /** The parsed head once COMPLETE. */
    public HttpRequest request() {
        return request;
    }

    /** The status to answer once FAILED: 400, 405, 413, 414, 431 or 505. */
    public HttpStatus error() {
        return error;
    }

    /** Forgets the last request and releases the head buffer, so an idle kept-alive connection holds nothing. */
    public void reset() {
        head = null;
        len = lineStart = fields = 0;
        inRequestLine = true;
        pendingCr = false;
        method = target = null;
        state = State.NEED_MORE;
        error = null;
        request = null;
    }

    /** Bytes held while a head is incomplete; for memory accounting. */
    public int heldBytes() {
        return head == null ? 0 : head.length;
    }

    private void append(byte b) {
        if (head == null) head = new byte[Math.min(INITIAL, limits.maxHeadBytes())];
        else if (len == head.length) head = Arrays.copyOf(head, Math.min(head.length * 2, limits.maxHeadBytes()));
        head[len++] = b;
    }

    private void endOfLine() {
        int lineLen = len - lineStart;
        if (inRequestLine) {
            if (lineLen == 0) return; // RFC 9112 §2.2: ignore empty lines before the request line
            inRequestLine = false;
            parseRequestLine();
            len = lineStart = 0; // the request line is parsed; only fields are kept from here on
            return;
        }
        if (lineLen == 0) {
            finishHead();
            return;
        }
        if (head[lineStart] == ' ' || head[lineStart] == '\t') { // obsolete line folding (RFC 9112 §5.2)
            fail(HttpStatus.BAD_REQUEST);
            return;
        }
        if (++fields > limits.maxHeaders()) {
            fail(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
            return;
        }
        append((byte) '\n'); // fields are kept LF-separated for finishHead
        lineStart = len;
    }

    private void parseRequestLine() {
        String line = new String(head, 0, len, StandardCharsets.ISO_8859_1);
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            fail(HttpStatus.BAD_REQUEST);
            return;
        }
        String m = line.substring(0, sp1);
        String t = line.substring(sp1 + 1, sp2);
        String v = line.substring(sp2 + 1);
        if (!isToken(m, 0, m.length())) {
            fail(HttpStatus.BAD_REQUEST);
            return;
        }
        if (!v.startsWith("HTTP/") || v.length() != 8 || v.charAt(6) != '.'
                || !Character.isDigit(v.charAt(5)) || !Character.isDigit(v.charAt(7))) {
            fail(HttpStatus.BAD_REQUEST);
            return;
        }
        if (v.charAt(5) != '1') {
            fail(HttpStatus.HTTP_VERSION_NOT_SUPPORTED);
            return;
        }
        if (!m.equals("GET") && !m.equals("HEAD")) {
            fail(HttpStatus.METHOD_NOT_ALLOWED);
            return;
        }
        if (t.isEmpty() || t.charAt(0) != '/' || !isVisibleAscii(t)) {
            fail(HttpStatus.BAD_REQUEST);
            return;
        }
        method = m;
        target = t;
        minorVersion = v.charAt(7) - '0';
    }

    private void finishHead() {
        List<HttpRequest.Header> headers = new ArrayList<>(fields);
        int start = 0;
        for (int i = 0; i < len; i++) {
            if (head[i] != '\n') continue;
            HttpRequest.Header h = parseField(start, i);
            if (h == null) {
                fail(HttpStatus.BAD_REQUEST);
                return;
            }
            headers.add(h);
            start = i + 1;
        }
        HttpRequest r = new HttpRequest(method, target, minorVersion, List.copyOf(headers));
        HttpStatus bad = check(r);
        if (bad != null) {
            fail(bad);
            return;
        }
        head = null;
        request = r;
        state = State.COMPLETE;
    }

    private HttpRequest.Header parseField(int from, int to) {
        int colon = -1;
        for (int i = from; i < to; i++) if (head[i] == ':') { colon = i; break; }
        if (colon <= from || !isToken(head, from, colon)) return null; // also rejects "Name :" (RFC 9112 §5.1)
        int vs = colon + 1, ve = to;
        while (vs < ve && (head[vs] == ' ' || head[vs] == '\t')) vs++;
        while (ve > vs && (head[ve - 1] == ' ' || head[ve - 1] == '\t')) ve--;
        for (int i = vs; i < ve; i++) {
            int c = head[i] & 0xff;
            if ((c < 0x20 && c != '\t') || c == 0x7f) return null;
        }
        String name = new String(head, from, colon - from, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return new HttpRequest.Header(name, new String(head, vs, ve - vs, StandardCharsets.ISO_8859_1));
    }

    /** The head is well-formed; these are the rules about what it may ask for. */
    private static HttpStatus check(HttpRequest r) {
        int hosts = 0;
        for (HttpRequest.Header h : r.headers()) {
            switch (h.name()) {
                case "host" -> hosts++;
                case "transfer-encoding" -> { return HttpStatus.CONTENT_TOO_LARGE; }
                case "content-length" -> {
                    if (h.value().isEmpty() || !h.value().chars().allMatch(Character::isDigit))
                        return HttpStatus.BAD_REQUEST;
                    if (!h.value().chars().allMatch(c -> c == '0')) return HttpStatus.CONTENT_TOO_LARGE;
                }
                default -> { }
            }
        }
        if (hosts > 1 || (hosts == 0 && r.minorVersion() >= 1)) return HttpStatus.BAD_REQUEST; // RFC 9112 §3.2
        return null;
    }

    private void fail(HttpStatus status) {
        state = State.FAILED;
        error = status;
        head = null;
    }

    private static boolean isToken(String s, int from, int to) {
        if (from >= to) return false;
        for (int i = from; i < to; i++) if (!isTokenChar(s.charAt(i))) return false;
        return true;
    }

    private static boolean isToken(byte[] b, int from, int to) {
        if (from >= to) return false;
        for (int i = from; i < to; i++) if (!isTokenChar((char) (b[i] & 0xff))) return false;
        return true;
    }

    /** RFC 9110 §5.6.2 tchar. */
    private static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') return true;
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isVisibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) return false;
        }
        return true;
    }
}
