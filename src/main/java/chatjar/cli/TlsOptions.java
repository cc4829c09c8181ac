package chatjar.cli;

import chatjar.net.tls.ServerTls;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** The server's TLS options, a picocli mixin so {@code server --help} lists them together. */
public final class TlsOptions {
    static final int DEFAULT_PORT = 6697;

    @Option(names = "--tls-port", paramLabel = "PORT", description = "TCP port for IRC over TLS (6697 when a certificate is given).")
    Integer port;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain, e.g. /etc/letsencrypt/live/HOST/fullchain.pem.")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (PKCS#8, RSA or EC), e.g. .../privkey.pem.")
    Path key;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS#12 keystore instead of PEM files.")
    Path keystore;

    @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD", arity = "1",
            description = "Password of --tls-keystore (default: the CHATJAR_TLS_KEYSTORE_PASSWORD environment variable).")
    String keystorePassword;

    @Option(names = "--tls-self-signed", description = "Make a throwaway certificate at start (for trying TLS; clients need --insecure).")
    boolean selfSigned;

    @Option(names = "--tls-handshake-timeout", paramLabel = "SECONDS", description = "Time a TLS client has to finish its handshake.")
    int handshakeTimeout = 10;

    /** Thrown for a bad combination or an unreadable certificate: the message is the one line the user sees. */
    static final class TlsSetupException extends Exception {
        TlsSetupException(String message) {
            super(message);
        }
    }

    boolean enabled() {
        return port != null || cert != null || key != null || keystore != null || selfSigned;
    }

    int port() {
        return port == null ? DEFAULT_PORT : port;
    }

    /** Builds the server's TLS identity (keytool runs here for --tls-self-signed), or null if TLS is off. */
    ServerTls build(String serverName) throws TlsSetupException {
        if (!enabled()) return null;
        int sources = (cert != null || key != null ? 1 : 0) + (keystore != null ? 1 : 0) + (selfSigned ? 1 : 0);
        if (sources != 1) {
            throw new TlsSetupException("TLS needs exactly one of: --tls-cert with --tls-key, --tls-keystore, --tls-self-signed");
        }
        if (port() < 0 || port() > 65535) throw new TlsSetupException("invalid --tls-port " + port() + ": must be 0-65535");
        if (handshakeTimeout < 1) throw new TlsSetupException("invalid --tls-handshake-timeout " + handshakeTimeout);
        try {
            if (selfSigned) return ServerTls.selfSigned(serverName);
            if (keystore != null) {
                String pw = keystorePassword != null ? keystorePassword : System.getenv("CHATJAR_TLS_KEYSTORE_PASSWORD");
                if (pw == null) throw new TlsSetupException("--tls-keystore needs --tls-keystore-password (or CHATJAR_TLS_KEYSTORE_PASSWORD)");
                return ServerTls.fromKeystore(readable(keystore, "--tls-keystore"), pw.toCharArray());
            }
            if (cert == null || key == null) throw new TlsSetupException("--tls-cert and --tls-key go together");
            return ServerTls.fromPem(readable(cert, "--tls-cert"), readable(key, "--tls-key"));
        } catch (IOException | GeneralSecurityException e) {
            String m = e.getMessage();
            if (m != null && m.contains("password was incorrect")) m = "wrong keystore password";
            throw new TlsSetupException("cannot use the TLS certificate: " + (m == null ? e.toString() : m));
        }
    }

    private static Path readable(Path p, String option) throws TlsSetupException {
        if (!Files.isReadable(p)) throw new TlsSetupException("cannot read " + option + " " + p);
        return p;
    }
}
