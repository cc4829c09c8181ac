package chatjar.server.caps;

import chatjar.store.scram.ScramServer;

/**
 * One SASL exchange on one connection: the mechanism chosen, the base64 collected from 400-byte chunks, and for
 * SCRAM-SHA-256 its {@link ScramServer} and how far it got. Made by {@code AUTHENTICATE <mechanism>}, dropped on
 * success, failure or {@code AUTHENTICATE *}.
 */
public final class SaslExchange {
    final String mechanism;
    final StringBuilder buffer = new StringBuilder();
    /** SCRAM only: 0 waits for client-first, 1 for client-final, 2 for the client's empty answer to server-final. */
    int step;
    ScramServer scram;
    /** SCRAM: the account (as registered) whose proof was checked, logged in at step 2. */
    String account;

    SaslExchange(String mechanism) {
        this.mechanism = mechanism;
    }
}
