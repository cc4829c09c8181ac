package chatjar.store.scram;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;

/** SCRAM-SHA-256 primitives (RFC 5802 section 3) on the JDK's HMAC-SHA-256 and SHA-256. */
public final class Scram {
    /** RFC 7677's minimum; also what most clients expect to compute in well under a second. */
    public static final int MIN_ITERATIONS = 4096;
    /**
     * Registered accounts use this many: a dictionary attack on a leaked database costs 25 times more than at
     * the minimum, and a client still derives its key in tens of milliseconds.
     */
    public static final int DEFAULT_ITERATIONS = 100_000;
    public static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Scram() {}

    /** New credentials with a random salt. Slow (PBKDF2): off the loop only. */
    public static ScramCredentials derive(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return derive(password, salt, iterations);
    }

    public static ScramCredentials derive(char[] password, byte[] salt, int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be " + MIN_ITERATIONS + "-" + MAX_ITERATIONS);
        }
        byte[] salted = hi(normalize(password), salt, iterations);
        try {
            byte[] clientKey = hmac(salted, "Client Key");
            return new ScramCredentials(salt, iterations, sha256(clientKey), hmac(salted, "Server Key"));
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    /** SASL PLAIN against SCRAM credentials: derives and compares StoredKey. Slow: off the loop only. */
    public static boolean verifyPassword(ScramCredentials creds, char[] password) {
        byte[] pw;
        try {
            pw = normalize(password);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] salted = hi(pw, creds.salt(), creds.iterations());
        byte[] storedKey = sha256(hmac(salted, "Client Key"));
        Arrays.fill(salted, (byte) 0);
        return MessageDigest.isEqual(storedKey, creds.storedKey());
    }

    /**
     * SASLprep (RFC 4013) as far as passwords need it: non-ASCII spaces become a space, characters "mapped to
     * nothing" go, NFKC, and controls, unassigned-looking noncharacters and lone surrogates are refused. ASCII
     * passwords pass unchanged, which is what the common clients send. Returns UTF-8.
     */
    public static byte[] normalize(char[] password) {
        StringBuilder mapped = new StringBuilder(password.length);
        for (char c : password) {
            if (c == '\u00AD' || c == '\u034F' || c == '\u1806' || (c >= '\u180B' && c <= '\u180D')
                    || (c >= '\u200B' && c <= '\u200D') || c == '\u2060' || (c >= '\uFE00' && c <= '\uFE0F')
                    || c == '\uFEFF') continue;
            mapped.append(Character.isSpaceChar(c) ? ' ' : c);
        }
        String s = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        mapped.setLength(0);
        if (s.isEmpty()) throw new IllegalArgumentException("empty password");
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.SURROGATE || type == Character.PRIVATE_USE
                    || (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF)) {
                throw new IllegalArgumentException("password contains a prohibited character");
            }
            i += Character.charCount(cp);
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Hi() of RFC 5802: PBKDF2-HMAC-SHA-256 with one 32-byte block; clears {@code password}. Also the client's. */
    public static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(password, "HmacSHA256"));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) result[j] ^= u[j];
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    public static byte[] hmac(byte[] key, String message) {
        return hmac(key, message.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
