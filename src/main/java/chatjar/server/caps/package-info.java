/** IRCv3 capabilities: CAP negotiation, per-variant message encoding, labeled responses, SASL, MONITOR. */
package chatjar.server.caps;
