package chatjar.store.scram;

import java.util.Arrays;
import java.util.Base64;

/**
 * What the server keeps of a password: {@code SaltedPassword = Hi(password, salt, iterations)},
 * {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))}, {@code ServerKey = HMAC(SaltedPassword, "Server Key")}.
 * StoredKey verifies a client's proof; ServerKey signs the server's answer. Neither lets anyone log in
 * elsewhere without a dictionary attack on the iterated hash.
 */
public record ScramCredentials(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    public static final String SCHEME = "scram-sha-256";

    public ScramCredentials {
        if (salt.length < 8 || storedKey.length != 32 || serverKey.length != 32 || iterations < Scram.MIN_ITERATIONS) {
            throw new IllegalArgumentException("malformed SCRAM credentials");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /** {@code scram-sha-256$iterations$salt$storedKey$serverKey}, Base64 fields: one self-describing line. */
    public String encode() {
        Base64.Encoder b = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b.encodeToString(salt) + "$" + b.encodeToString(storedKey) + "$"
                + b.encodeToString(serverKey);
    }

    public static ScramCredentials decode(String line) {
        String[] p = line.split("\\$", -1);
        if (p.length != 5 || !p[0].equals(SCHEME)) throw new IllegalArgumentException("not " + SCHEME + " credentials");
        Base64.Decoder b = Base64.getDecoder();
        return new ScramCredentials(b.decode(p[2]), Integer.parseInt(p[1]), b.decode(p[3]), b.decode(p[4]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredentials c && iterations == c.iterations && Arrays.equals(salt, c.salt)
                && Arrays.equals(storedKey, c.storedKey) && Arrays.equals(serverKey, c.serverKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storedKey);
    }

    @Override
    public String toString() {
        return "ScramCredentials[iterations=" + iterations + "]"; // keys stay out of logs
    }
}
