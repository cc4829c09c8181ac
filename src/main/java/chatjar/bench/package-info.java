/** The load generator behind {@code chat.jar bench}: many plain-IRC clients on one or two NIO threads of its own, so it measures any IRC server. */
package chatjar.bench;
