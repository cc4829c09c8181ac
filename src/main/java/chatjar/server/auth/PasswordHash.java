package chatjar.server.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * PBKDF2-HMAC-SHA256 password hashes in one self-describing line, {@code pbkdf2-sha256$iterations$salt$hash}
 * (salt and hash in unpadded Base64), so the iteration count can rise later without breaking stored hashes.
 * Only the JDK's own crypto is used. Hashing is deliberately slow: never call these on the loop thread, use
 * {@link HashWorker}.
 */
public final class PasswordHash {
    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Below this a stored hash is refused as a likely mistake; tests use it to stay fast. */
    public static final int MIN_ITERATIONS = 1_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {}

    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    public static String hash(char[] password, int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be " + MIN_ITERATIONS + "-" + MAX_ITERATIONS);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] dk = derive(password, salt, iterations, HASH_BITS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(dk);
    }

    /** True if {@code password} matches {@code encoded}; false for any malformed hash (never throws). */
    public static boolean verify(String encoded, char[] password) {
        Parsed p = parse(encoded);
        if (p == null) return false;
        byte[] dk = derive(password, p.salt, p.iterations, p.hash.length * 8);
        return MessageDigest.isEqual(dk, p.hash);
    }

    /** Null when {@code encoded} is a well-formed hash line, else a reason fit for a config error. */
    public static String problem(String encoded) {
        if (encoded == null || !encoded.startsWith(SCHEME + "$")) return "not a " + SCHEME + " hash (make one with: chat.jar passwd)";
        return parse(encoded) == null ? "malformed " + SCHEME + " hash" : null;
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {}

    private static Parsed parse(String encoded) {
        if (encoded == null) return null;
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) return null;
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS || salt.length < 8 || hash.length < 16
                    || hash.length > 64) return null;
            return new Parsed(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    static char[] copy(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }

    static void wipe(char[] c) {
        Arrays.fill(c, '\0');
    }
}
