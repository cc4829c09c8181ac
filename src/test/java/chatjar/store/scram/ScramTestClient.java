package chatjar.store.scram;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The client side of SCRAM-SHA-256, for tests: the client-final message for a password. */
public final class ScramTestClient {
    private ScramTestClient() {}

    public static String clientFinal(String clientFirstBare, String serverFirst, String password) {
        String nonce = null, salt = null;
        int iterations = 0;
        for (String attr : serverFirst.split(",")) {
            if (attr.startsWith("r=")) nonce = attr.substring(2);
            if (attr.startsWith("s=")) salt = attr.substring(2);
            if (attr.startsWith("i=")) iterations = Integer.parseInt(attr.substring(2));
        }
        byte[] salted = Scram.hi(password.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(salt), iterations);
        byte[] clientKey = Scram.hmac(salted, "Client Key");
        String withoutProof = "c=biws,r=" + nonce;
        byte[] signature = Scram.hmac(Scram.sha256(clientKey), clientFirstBare + "," + serverFirst + "," + withoutProof);
        for (int i = 0; i < clientKey.length; i++) clientKey[i] ^= signature[i];
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(clientKey);
    }
}
