/**
 * IRC commands by family (registration, channels, channel queries, modes, messages, queries, server information,
 * WHOWAS, operators), each built with exactly the collaborators it uses, plus the logic two families share
 * (Registrar, Welcome, Nicks, Membership, Messaging).
 */
package chatjar.server.handlers;
