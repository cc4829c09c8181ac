/**
 * RFC 6455 WebSocket for IRC, per the IRCv3 WebSocket specification: the server handshake
 * ({@link chatjar.net.websocket.WebSocketHandshake}), a frame decoder fed arbitrary chunks that yields IRC lines
 * ({@link chatjar.net.websocket.WebSocketDecoder}) and a framer for server lines shared by every recipient
 * ({@link chatjar.net.websocket.WebSocketEncoder}), pure codec code like {@code chatjar.net.http}: no sockets,
 * no IRC semantics. {@link chatjar.net.websocket.WebLayer} drives them as a reactor layer, on the IRC port
 * beside IRC (told apart by the first bytes) or on a port of its own.
 */
package chatjar.net.websocket;
