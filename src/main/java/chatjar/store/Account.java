package chatjar.store;

import chatjar.store.scram.ScramCredentials;

import java.util.List;

/**
 * A registered account.
 *
 * @param name         casefolded account name (the key)
 * @param display      as registered
 * @param credentials  SCRAM-SHA-256 keys, also used to check SASL PLAIN and NickServ IDENTIFY
 * @param nicks        casefolded nicks it owns (its own name among them)
 * @param certificates TLS client certificate fingerprints (lowercase hex SHA-256) for SASL EXTERNAL
 */
public record Account(String name, String display, long createdMillis, ScramCredentials credentials,
                      List<String> nicks, List<String> certificates) {
    public Account {
        nicks = List.copyOf(nicks);
        certificates = List.copyOf(certificates);
    }
}
