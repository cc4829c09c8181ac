/**
 * RFC 6455 WebSocket for IRC, per the IRCv3 WebSocket specification: the server handshake
 * ({@link chatjar.net.websocket.WebSocketHandshake}), a frame decoder fed arbitrary chunks that yields IRC lines
 * ({@link chatjar.net.websocket.WebSocketDecoder}) and a framer for server lines shared by every recipient
 * ({@link chatjar.net.websocket.WebSocketEncoder}). Pure codec code like {@code chatjar.net.http}: no sockets,
 * no IRC semantics.
 */
package chatjar.net.websocket;
