/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677) for the server: credentials derived once from a password and stored as
 * salt, iteration count, StoredKey and ServerKey (never the password, never a hash SCRAM could not use), and the
 * server side of the exchange as a small state machine of pure code. Deriving is PBKDF2 and deliberately slow:
 * only ever call {@link chatjar.store.scram.Scram#derive} and {@link chatjar.store.scram.Scram#verifyPassword}
 * off the loop. The exchange itself costs a few HMACs and may run on the loop.
 */
package chatjar.store.scram;
