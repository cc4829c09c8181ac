/** The single-threaded NIO reactor: the only package that touches Selector, SelectionKey and SocketChannel. */
package chatjar.net.reactor;
