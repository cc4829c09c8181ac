/**
 * The IRC server as a {@link chatjar.net.Protocol}. {@link chatjar.server.ChatServer} builds everything and hands
 * each link a {@link chatjar.server.LocalUser} (the connection's side of a user); lines go through the command
 * table ({@link chatjar.server.Commands}) to the handler families, answers leave through
 * {@link chatjar.server.Replies}, and events others see through {@link chatjar.server.relay.Relay}. Runs on the
 * transport's one protocol thread.
 */
package chatjar.server;
