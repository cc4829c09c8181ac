/**
 * Several chat.jar nodes acting as one network. {@link chatjar.cluster.Mirror} keeps the users of other nodes as
 * {@link chatjar.state.Client}s with no local side and applies their events to local state, delivering them with
 * the same {@link chatjar.server.relay.Relay} as local ones; {@link chatjar.cluster.Wire} is the text form of
 * events, user records and channel state between nodes. The transport between nodes (Redis) is in
 * {@code chatjar.cluster.redis}; see docs/cluster.md for the design.
 */
package chatjar.cluster;
