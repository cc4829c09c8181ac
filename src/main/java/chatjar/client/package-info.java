/**
 * The terminal chat client: one IRC session over a blocking socket (with CAP, a SASL SCRAM-SHA-256 login and
 * chathistory scrollback), a JLine screen or a plain pipe, and the sentences both print.
 */
package chatjar.client;
