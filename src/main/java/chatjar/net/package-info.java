/**
 * The seams around a connection. Up to the protocol: {@link chatjar.net.Link} out, {@link chatjar.net.LinkHandler}
 * in, no NIO channel crossing. Down to the bytes: a {@link chatjar.net.Listener} declares each connection's stack
 * of {@link chatjar.net.Layer}s (TLS, ..., the shared {@link chatjar.net.LineFramer} on top), which a transport runs.
 */
package chatjar.net;
