/**
 * The single-threaded NIO reactor: the only package that touches Selector, SelectionKey and SocketChannel. It
 * runs each listener's layer stack and knows no protocol above the socket, TLS included.
 */
package chatjar.net.reactor;
