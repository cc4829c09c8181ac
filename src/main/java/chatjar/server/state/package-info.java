/** Server state: users, channels and their registries. Knows links, never sockets; touched only on the protocol thread, so it has no locks. */
package chatjar.server.state;
