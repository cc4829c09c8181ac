/** The terminal chat client: one IRC session over a blocking socket, a JLine screen or a plain pipe, and the sentences both print. */
package chatjar.client;
