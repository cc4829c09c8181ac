/** The contrast transport: one blocking thread per socket (platform or virtual threads) under the same protocol as the reactor. */
package chatjar.net.blocking;
