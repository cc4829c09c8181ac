/**
 * Who is on the network and where: users, channels and their registries. Data only: nothing here knows a
 * connection, a socket or the server (a local user's connection hangs off {@link chatjar.state.Client#local}).
 * Touched only on the protocol thread, so it has no locks.
 */
package chatjar.state;
