package chatjar.server.accounts;

import chatjar.server.auth.PasswordHash;
import chatjar.store.scram.ScramCredentials;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The {@code --accounts} file's hashes seen as SCRAM keys. A {@code pbkdf2-sha256} hash of 256 bits is exactly
 * SCRAM-SHA-256's SaltedPassword ({@code Hi()} is one PBKDF2 block over the UTF-8 password), so StoredKey and
 * ServerKey follow from it without the password: {@code account import} moves such accounts into the store with
 * nothing lost, and file accounts can log in with SCRAM as well as PLAIN. Hashes with fewer iterations than SCRAM
 * allows (tests use 1,000) or another length stay PLAIN-only (null here).
 */
public final class FileAccounts {
    private FileAccounts() {}

    /** The SCRAM keys equivalent to {@code hash}, or null when it has no SCRAM equivalent. */
    public static ScramCredentials scram(String hash) {
        if (PasswordHash.problem(hash) != null) return null;
        String[] p = hash.split("\\$", -1);
        try {
            int iterations = Integer.parseInt(p[1]);
            byte[] salt = Base64.getDecoder().decode(p[2]);
            byte[] salted = Base64.getDecoder().decode(p[3]);
            if (salted.length != 32 || iterations < chatjar.store.scram.Scram.MIN_ITERATIONS) return null;
            byte[] clientKey = hmac(salted, "Client Key");
            return new ScramCredentials(salt, iterations, MessageDigest.getInstance("SHA-256").digest(clientKey),
                    hmac(salted, "Server Key"));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }
}
