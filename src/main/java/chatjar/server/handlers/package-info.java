/**
 * IRC commands by family (registration, channels, modes, messages, queries, operators), each built with exactly
 * the collaborators it uses, plus the logic two families share (Registrar, Welcome, Nicks, Membership, Messaging).
 */
package chatjar.server.handlers;
