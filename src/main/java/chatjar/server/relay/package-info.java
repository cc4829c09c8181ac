/**
 * The one step every event that others see passes through (PRIVMSG, JOIN, NICK, QUIT, MODE ...): it stamps the
 * event with its msgid and server time once, delivers it to the local recipients encoded once per capability
 * variant, and offers it to {@link chatjar.server.relay.RelayListener}s (history, the cluster).
 */
package chatjar.server.relay;
