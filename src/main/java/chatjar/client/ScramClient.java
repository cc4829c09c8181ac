package chatjar.client;

import chatjar.store.scram.Scram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The client side of one SCRAM-SHA-256 exchange (RFC 5802 section 3, RFC 7677), without channel binding:
 * <pre>
 *   C: n,,n=user,r=cnonce                 {@link #clientFirst}
 *   S: r=cnonce+snonce,s=salt,i=4096
 *   C: c=biws,r=cnonce+snonce,p=proof     {@link #clientFinal}
 *   S: v=signature                        {@link #serverFinal} checks it: the server knew our keys too
 * </pre>
 * The password is prepared as the server prepares it ({@link Scram#normalize}, SASLprep for passwords). The
 * salted password lives only between the two client steps. Not thread-safe; one instance per attempt.
 */
final class ScramClient {
    /** The server sent something we cannot go on from; {@link #getMessage()} says what, for one status line. */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    /** A server asking for more than this wants the client to spend seconds per login: not a server we trust. */
    static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final char[] password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] serverSignature;

    ScramClient(String user, char[] password) {
        this(user, password, nonce());
    }

    /** With a fixed nonce, for RFC 7677's test vector. */
    ScramClient(String user, char[] password, String clientNonce) {
        this.user = user;
        this.password = password.clone();
        this.clientNonce = clientNonce;
    }

    String clientFirst() {
        clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return "n,," + clientFirstBare;
    }

    /** Answers server-first-message; slow (PBKDF2 with the server's iteration count). */
    String clientFinal(String serverFirst) throws Refused {
        String nonce = null, salt = null, iterations = null;
        for (String attr : serverFirst.split(",")) {
            if (attr.startsWith("r=")) nonce = attr.substring(2);
            else if (attr.startsWith("s=")) salt = attr.substring(2);
            else if (attr.startsWith("i=")) iterations = attr.substring(2);
            else if (attr.startsWith("m=")) throw new Refused("the server wants a SCRAM extension we do not know");
        }
        if (nonce == null || salt == null || iterations == null) throw new Refused("malformed SCRAM challenge");
        // The server's nonce must extend ours, or this is an answer to somebody else's exchange.
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) throw new Refused("SCRAM nonce mismatch");
        int rounds;
        byte[] saltBytes;
        try {
            rounds = Integer.parseInt(iterations);
            saltBytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new Refused("malformed SCRAM challenge");
        }
        if (rounds < 1 || rounds > MAX_ITERATIONS) throw new Refused("SCRAM iteration count " + iterations + " is unreasonable");
        byte[] prepared;
        try {
            prepared = Scram.normalize(password);
        } catch (IllegalArgumentException e) {
            throw new Refused("the password cannot be used: " + e.getMessage());
        }
        byte[] salted = Scram.hi(prepared, saltBytes, rounds);
        try {
            String withoutProof = "c=biws,r=" + nonce;
            byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
            byte[] clientKey = Scram.hmac(salted, "Client Key");
            byte[] signature = Scram.hmac(Scram.sha256(clientKey), authMessage);
            for (int i = 0; i < clientKey.length; i++) clientKey[i] ^= signature[i];
            serverSignature = Scram.hmac(Scram.hmac(salted, "Server Key"), authMessage);
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(clientKey);
        } finally {
            Arrays.fill(salted, (byte) 0);
            Arrays.fill(password, '\0');
        }
    }

    /** Checks server-final-message: the server proves it holds our ServerKey, not just anyone's "success". */
    void serverFinal(String message) throws Refused {
        if (message.startsWith("e=")) throw new Refused("the server refused the login (" + message.substring(2) + ")");
        if (serverSignature == null || !message.startsWith("v=")) throw new Refused("malformed SCRAM answer");
        byte[] got;
        try {
            got = Base64.getDecoder().decode(message.substring(2).split(",", 2)[0]);
        } catch (IllegalArgumentException e) {
            throw new Refused("malformed SCRAM answer");
        }
        if (!MessageDigest.isEqual(got, serverSignature)) throw new Refused("the server's SCRAM signature is wrong");
    }

    private static String nonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().withoutPadding().encodeToString(b).replace('+', '-').replace('/', '_');
    }
}
