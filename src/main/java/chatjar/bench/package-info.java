/**
 * The load generator behind {@code chat.jar bench}: many IRC clients on one or two NIO threads of its own, so it
 * measures any IRC server; plain TCP by default, or IRC over WebSocket ({@code --transport ws}) for servers that
 * speak it on their port.
 */
package chatjar.bench;
