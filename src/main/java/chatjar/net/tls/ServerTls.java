package chatjar.net.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The server's TLS identity: an {@link SSLContext} built from PEM files, a PKCS#12 keystore or a throwaway
 * certificate, handing out server-mode engines limited to TLS 1.2 and 1.3. {@link #reload()} re-reads the
 * same files and swaps the context atomically: connections already open keep their session, new ones get
 * the new certificate (what a certbot renewal hook or the operator's REHASH calls).
 */
public final class ServerTls implements Supplier<SSLEngine> {
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** How to build the context again: a source of a key store and its password. */
    private interface Source {
        KeyStore load() throws IOException, GeneralSecurityException;
    }

    private static final char[] MEMORY_PASSWORD = "chatjar".toCharArray();
    private final Source source;
    private final char[] password;
    private final String description;
    private volatile SSLContext context;
    private volatile X509Certificate leaf;

    private ServerTls(Source source, char[] password, String description) throws IOException, GeneralSecurityException {
        this.source = source;
        this.password = password;
        this.description = description;
        reload();
    }

    /** {@code fullchain.pem} and {@code privkey.pem} as certbot writes them. */
    public static ServerTls fromPem(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        return new ServerTls(() -> {
            List<X509Certificate> chain = Pem.certificates(certFile);
            PrivateKey key = Pem.privateKey(keyFile);
            checkPair(key, chain.get(0), certFile, keyFile);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            return ks;
        }, MEMORY_PASSWORD, certFile + " + " + keyFile);
    }

    /** A PKCS#12 (or JKS) keystore whose key entry uses the store's password. */
    public static ServerTls fromKeystore(Path file, char[] password) throws IOException, GeneralSecurityException {
        return new ServerTls(() -> {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType()); // PKCS12, reads JKS too
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, password);
            }
            return ks;
        }, password, file.toString());
    }

    /** A certificate made now by keytool for {@code host}, valid 30 days, kept only in memory. */
    public static ServerTls selfSigned(String host) throws IOException, GeneralSecurityException {
        KeyStore ks = SelfSigned.generate(host);
        return new ServerTls(() -> ks, SelfSigned.PASSWORD, "self-signed certificate for " + host);
    }

    /** Rebuilds the context from the source; on failure the old one stays in use and the error is thrown. */
    public void reload() throws IOException, GeneralSecurityException {
        KeyStore ks = source.load();
        X509Certificate cert = null;
        for (String alias : java.util.Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(alias) && ks.getCertificate(alias) instanceof X509Certificate x) {
                cert = x;
                break;
            }
        }
        if (cert == null) throw new GeneralSecurityException("no private key entry in " + description);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {ANY_CLIENT_CERTIFICATE}, null);
        this.context = ctx;
        this.leaf = cert;
    }

    @Override
    public SSLEngine get() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(Arrays.stream(PROTOCOLS).filter(x -> Arrays.asList(engine.getSupportedProtocols()).contains(x))
                .toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        p.setWantClientAuth(true); // optional: a certificate is an identity for SASL EXTERNAL, not a gate
        engine.setSSLParameters(p);
        return engine;
    }

    /**
     * Client certificates are asked for but not required, and any is accepted: no CA vouches for them, the
     * account does (a fingerprint added with NickServ CERT ADD). A chain that fails here would end the handshake
     * for a client that merely has a certificate configured.
     */
    private static final javax.net.ssl.X509TrustManager ANY_CLIENT_CERTIFICATE = new javax.net.ssl.X509TrustManager() {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a server context verifies no servers");
        }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    };

    /** One line for the log: subject, expiry and SHA-256 fingerprint, so users can check what they see. */
    public String describe() {
        X509Certificate c = leaf;
        return c.getSubjectX500Principal().getName() + ", valid until " + c.getNotAfter().toInstant()
                + ", SHA-256 " + fingerprint(c) + " (" + description + ")";
    }

    public static String fingerprint(X509Certificate c) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            return "?";
        }
    }

    /** A key that does not match the certificate fails every handshake; say so at start instead. */
    private static void checkPair(PrivateKey key, X509Certificate cert, Path certFile, Path keyFile)
            throws GeneralSecurityException {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null;
        };
        if (alg == null) return;
        byte[] probe = "chat.jar key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        try {
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            if (v.verify(sig)) return;
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: same answer
        }
        throw new GeneralSecurityException("the key in " + keyFile + " does not belong to the first certificate in " + certFile);
    }
}
