package chatjar.net.websocket;

import chatjar.net.http.HttpRequest;
import chatjar.net.http.HttpResponse;
import chatjar.net.http.HttpRoutes;
import chatjar.net.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The server's side of the RFC 6455 opening handshake (§4.2), on a request head already parsed by
 * {@code HttpRequestParser}. It either accepts, with the 101 response and the line mode the client asked for,
 * or rejects with the response to send before closing: 400 for a malformed upgrade, 426 with the supported
 * version for another version, 403 for an Origin the policy refuses.
 */
public final class WebSocketHandshake {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public sealed interface Result permits Accepted, Rejected {
        HttpResponse response();
    }

    /** {@code subprotocol} is the one echoed to the client, or null when it asked for none (then TEXT). */
    public record Accepted(HttpResponse response, WebSocketMode mode, String subprotocol) implements Result {}

    public record Rejected(HttpResponse response, String why) implements Result {}

    private WebSocketHandshake() {}

    /** True if the request asks to upgrade to WebSocket; the layer then calls {@link #accept} instead of routing it. */
    public static boolean isUpgrade(HttpRequest r) {
        return r.headerHasToken("upgrade", "websocket");
    }

    public static Result accept(HttpRequest r, OriginPolicy origins, boolean secure) {
        if (!r.method().equals("GET") || r.minorVersion() < 1)
            return reject(HttpStatus.BAD_REQUEST, "not a GET over HTTP/1.1");
        if (!isUpgrade(r) || !r.headerHasToken("connection", "upgrade"))
            return reject(HttpStatus.BAD_REQUEST, "missing Upgrade: websocket or Connection: Upgrade");
        String version = r.header("sec-websocket-version");
        if (!"13".equals(version)) {
            HttpResponse resp = HttpRoutes.reject(HttpStatus.UPGRADE_REQUIRED).header("Sec-WebSocket-Version", "13");
            return new Rejected(resp, "unsupported WebSocket version " + version);
        }
        String key = r.header("sec-websocket-key");
        if (!validKey(key)) return reject(HttpStatus.BAD_REQUEST, "bad Sec-WebSocket-Key");
        String origin = r.header("origin");
        if (!origins.allows(origin, r.header("host"), secure)) return reject(HttpStatus.FORBIDDEN, "origin " + origin);

        String chosen = null;
        WebSocketMode mode = WebSocketMode.TEXT;
        outer:
        for (HttpRequest.Header h : r.headers()) { // the client lists in order of preference; take its first we speak
            if (!h.name().equals("sec-websocket-protocol")) continue;
            for (String p : h.value().split(",")) {
                String name = p.trim();
                for (WebSocketMode m : WebSocketMode.values()) {
                    if (m.subprotocol.equals(name)) {
                        chosen = name;
                        mode = m;
                        break outer;
                    }
                }
            }
        }
        // Offered protocols we do not speak: answer without one, and the client decides (RFC 6455 §4.2.2).
        HttpResponse resp = HttpResponse.of(HttpStatus.SWITCHING_PROTOCOLS)
                .header("Upgrade", "websocket")
                .header("Connection", "Upgrade")
                .header("Sec-WebSocket-Accept", acceptKey(key));
        if (chosen != null) resp.header("Sec-WebSocket-Protocol", chosen);
        return new Accepted(resp, mode, chosen);
    }

    /** base64(SHA-1(key + GUID)), RFC 6455 §4.2.2 step 5.4. */
    static String acceptKey(String key) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A base64 encoding of 16 bytes (§4.1 item 7): 24 characters ending "==". */
    private static boolean validKey(String key) {
        if (key == null || key.length() != 24) return false;
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Rejected reject(HttpStatus status, String why) {
        return new Rejected(HttpRoutes.reject(status), why);
    }
}
