package chatjar.server.accounts;

import chatjar.testing.IrcTestClient;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The client side of SCRAM-SHA-256 over AUTHENTICATE, on the JDK alone (as a real client would compute it). */
final class ScramClient {
    private ScramClient() {}

    /**
     * Runs the exchange on {@code c} (sasl already acknowledged) and returns true if the server's signature checked
     * out and it answered 903; false on 904.
     */
    static boolean login(IrcTestClient c, String user, String password) throws Exception {
        c.send("AUTHENTICATE SCRAM-SHA-256");
        c.expect("AUTHENTICATE", "+");
        String nonce = "rOprNGfwEbeRWgbNEkqO";
        String clientFirstBare = "n=" + user + ",r=" + nonce;
        c.send("AUTHENTICATE " + b64("n,," + clientFirstBare));
        var reply = c.expectAny("AUTHENTICATE", "904");
        if (reply.command().equals("904")) return false;
        String serverFirst = new String(Base64.getDecoder().decode(reply.param(0)), StandardCharsets.UTF_8);
        Map<String, String> attrs = attrs(serverFirst);
        byte[] salt = Base64.getDecoder().decode(attrs.get("s"));
        int iterations = Integer.parseInt(attrs.get("i"));
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] salted = f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        String withoutProof = "c=biws,r=" + attrs.get("r");
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = clientKey.clone();
        for (int i = 0; i < proof.length; i++) proof[i] ^= signature[i];
        c.send("AUTHENTICATE " + b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)));
        reply = c.expectAny("AUTHENTICATE", "904");
        if (reply.command().equals("904")) return false;
        String serverFinal = new String(Base64.getDecoder().decode(reply.param(0)), StandardCharsets.UTF_8);
        String expected = "v=" + Base64.getEncoder().encodeToString(hmac(hmac(salted, "Server Key"), authMessage));
        if (!serverFinal.equals(expected)) throw new AssertionError("server signature wrong: " + serverFinal);
        c.send("AUTHENTICATE +");
        return c.expectAny("903", "904").command().equals("903");
    }

    private static Map<String, String> attrs(String msg) {
        Map<String, String> m = new HashMap<>();
        for (String p : msg.split(",")) m.put(p.substring(0, 1), p.substring(2));
        return m;
    }

    private static byte[] hmac(byte[] key, String msg) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(msg.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String plain(String user, String password) {
        return b64("\0" + user + "\0" + password);
    }
}
