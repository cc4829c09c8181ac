package chatjar.net.websocket;

/**
 * How IRC lines travel in WebSocket messages (IRCv3 WebSocket specification). TEXT sends text frames, which must
 * be UTF-8, so a line that is not is repaired with U+FFFD; BINARY sends the line's bytes untouched. A client that
 * asks for no subprotocol gets TEXT.
 */
public enum WebSocketMode {
    TEXT("text.ircv3.net"),
    BINARY("binary.ircv3.net");

    public final String subprotocol;

    WebSocketMode(String subprotocol) {
        this.subprotocol = subprotocol;
    }
}
