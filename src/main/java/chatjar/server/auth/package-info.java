/** Password hashes for operator blocks (and SASL): PBKDF2 from the JDK, verified off the loop thread. */
package chatjar.server.auth;
