package chatjar.store.scram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802 section 5):
 * <pre>
 *   C: n,,n=user,r=cnonce                 {@link #clientFirst}   gives the user to look up
 *   S: r=cnonce+snonce,s=salt,i=4096      {@link #serverFirst}   with that user's credentials (or null)
 *   C: c=biws,r=cnonce+snonce,p=proof     {@link #clientFinal}   checks the proof
 *   S: v=signature                        (its result), then the caller logs the user in
 * </pre>
 * Pure code with no I/O: the caller fetches credentials from the store between the first two steps. An
 * unknown user gets made-up, stable credentials and fails only at the proof, so the exchange does not tell
 * which accounts exist. Channel binding is not offered (no -PLUS mechanism): {@code p=} is refused, {@code y}
 * and {@code n} accepted. One instance per attempt; not thread-safe; any {@link Failure} ends it.
 */
public final class ScramServer {
    /** A failed exchange; {@link #error()} is the RFC 5802 server-error value (the {@code e=} of server-final). */
    public static final class Failure extends Exception {
        private final String error;

        public Failure(String error) {
            super(error);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    private enum State { START, NEED_CREDENTIALS, SENT_FIRST, DONE }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Makes an unknown user's fake salt stable within a process, so asking twice does not reveal anything. */
    private static final byte[] FAKE_SECRET = randomBytes(32);

    private final Supplier<String> nonces;
    private State state = State.START;
    private String gs2Header;
    private String clientFirstBare;
    private String username;
    private String authzid;
    private String nonce;
    private String serverFirst;
    private ScramCredentials credentials;
    private boolean unknownUser;

    public ScramServer() {
        this(() -> Base64.getEncoder().withoutPadding().encodeToString(randomBytes(18)));
    }

    /** With a fixed nonce source, for the RFC test vectors. */
    public ScramServer(Supplier<String> nonces) {
        this.nonces = nonces;
    }

    /** Parses client-first-message; returns the username (authcid) whose credentials {@link #serverFirst} needs. */
    public String clientFirst(String message) throws Failure {
        expect(State.START);
        state = State.DONE; // until it parses
        int first = message.indexOf(',');
        int second = first < 0 ? -1 : message.indexOf(',', first + 1);
        if (second < 0) throw new Failure("invalid-encoding");
        String cbind = message.substring(0, first);
        if (cbind.startsWith("p=")) throw new Failure("server-does-support-channel-binding");
        if (!cbind.equals("n") && !cbind.equals("y")) throw new Failure("invalid-encoding");
        String az = message.substring(first + 1, second);
        if (!az.isEmpty()) {
            if (!az.startsWith("a=")) throw new Failure("invalid-encoding");
            authzid = saslname(az.substring(2));
        }
        gs2Header = message.substring(0, second + 1);
        clientFirstBare = message.substring(second + 1);
        String[] attrs = clientFirstBare.split(",", -1);
        if (attrs.length < 2 || attrs[0].startsWith("m=")) throw new Failure("extensions-not-supported");
        if (!attrs[0].startsWith("n=") || !attrs[1].startsWith("r=") || attrs[1].length() < 3) {
            throw new Failure("invalid-encoding");
        }
        username = saslname(attrs[0].substring(2));
        if (username.isEmpty()) throw new Failure("invalid-username-encoding");
        String clientNonce = attrs[1].substring(2);
        if (!printable(clientNonce)) throw new Failure("invalid-encoding");
        nonce = clientNonce + nonces.get();
        state = State.NEED_CREDENTIALS;
        return username;
    }

    /** Builds server-first-message from the user's credentials; null for an unknown user (the exchange will fail). */
    public String serverFirst(ScramCredentials creds) {
        expect(State.NEED_CREDENTIALS);
        if (creds == null) {
            unknownUser = true;
            byte[] salt = new byte[16];
            System.arraycopy(Scram.hmac(FAKE_SECRET, username), 0, salt, 0, 16);
            creds = new ScramCredentials(salt, Scram.DEFAULT_ITERATIONS, randomBytes(32), randomBytes(32));
        }
        credentials = creds;
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(creds.salt()) + ",i=" + creds.iterations();
        state = State.SENT_FIRST;
        return serverFirst;
    }

    /** Checks client-final-message; on success returns server-final-message ({@code v=...}). */
    public String clientFinal(String message) throws Failure {
        expect(State.SENT_FIRST);
        state = State.DONE;
        int p = message.lastIndexOf(",p=");
        if (p < 0) throw new Failure("invalid-encoding");
        String withoutProof = message.substring(0, p);
        String[] attrs = withoutProof.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=")) throw new Failure("invalid-encoding");
        String expectedBinding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (!attrs[0].substring(2).equals(expectedBinding)) throw new Failure("channel-bindings-dont-match");
        if (!attrs[1].substring(2).equals(nonce)) throw new Failure("other-error");
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(message.substring(p + 3));
        } catch (IllegalArgumentException e) {
            throw new Failure("invalid-encoding");
        }
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] storedKey = credentials.storedKey();
        byte[] clientKey = Scram.hmac(storedKey, authMessage); // the client signature, turned into the key below
        if (proof.length != clientKey.length) throw new Failure("invalid-proof");
        for (int i = 0; i < clientKey.length; i++) clientKey[i] ^= proof[i];
        if (!MessageDigest.isEqual(Scram.sha256(clientKey), storedKey) || unknownUser) throw new Failure("invalid-proof");
        return "v=" + Base64.getEncoder().encodeToString(Scram.hmac(credentials.serverKey(), authMessage));
    }

    public String username() {
        return username;
    }

    /** The authorization identity the client asked for, or null; the caller refuses one unlike the username. */
    public String authzid() {
        return authzid;
    }

    private void expect(State s) {
        if (state != s) throw new IllegalStateException("SCRAM step out of order: " + state + ", expected " + s);
    }

    /** Decodes saslname: {@code =2C} is a comma, {@code =3D} an equals sign, any other {@code =} is invalid. */
    private static String saslname(String s) throws Failure {
        if (s.indexOf('=') < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '=') {
                out.append(c);
            } else if (s.startsWith("=2C", i) || s.startsWith("=2c", i)) {
                out.append(',');
                i += 2;
            } else if (s.startsWith("=3D", i) || s.startsWith("=3d", i)) {
                out.append('=');
                i += 2;
            } else {
                throw new Failure("invalid-username-encoding");
            }
        }
        return out.toString();
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') return false;
        }
        return true;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
