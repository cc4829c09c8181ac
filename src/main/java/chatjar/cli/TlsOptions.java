package chatjar.cli;

import chatjar.net.tls.ServerTls;
import chatjar.server.Rehash;
import chatjar.server.ServerConfig;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The server's TLS options, a picocli mixin so {@code server --help} lists them together. The config file's
 * {@code tls:} section fills in whatever the command line leaves out; a command-line certificate source
 * replaces the file's.
 */
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

    int port(ServerConfig.Tls file) {
        if (port != null) return port;
        return file != null && file.port() != 0 ? file.port() : DEFAULT_PORT;
    }

    String bind(ServerConfig.Tls file, String plainBind) {
        return file != null && file.bind() != null && !file.bind().isBlank() ? file.bind() : plainBind;
    }

    /** Takes from the file's {@code tls:} section what the command line did not say. */
    private void mergeFile(ServerConfig.Tls file) {
        if (file == null || file.port() == 0) return; // port 0: the file asks for no TLS listener
        if (port == null) port = file.port();
        boolean cliSource = cert != null || key != null || keystore != null || selfSigned;
        if (cliSource) return;
        if (file.cert() != null) cert = Path.of(file.cert());
        if (file.key() != null) key = Path.of(file.key());
        if (file.keystore() != null) keystore = Path.of(file.keystore());
        if (keystorePassword == null) keystorePassword = file.keystorePassword();
        selfSigned = file.selfSigned();
    }

    /** Builds the server's TLS identity (keytool runs here for --tls-self-signed), or null if TLS is off. */
    ServerTls build(String serverName, ServerConfig.Tls file) throws TlsSetupException {
        mergeFile(file);
        if (!enabled()) return null;
        int sources = (cert != null || key != null ? 1 : 0) + (keystore != null ? 1 : 0) + (selfSigned ? 1 : 0);
        if (sources != 1) {
            throw new TlsSetupException("TLS needs exactly one of: --tls-cert with --tls-key, --tls-keystore, --tls-self-signed");
        }
        if (port(file) < 0 || port(file) > 65535) throw new TlsSetupException("invalid --tls-port " + port(file) + ": must be 0-65535");
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

    /**
     * REHASH and SIGHUP also re-read the certificate files (what a certbot deploy hook wants): after the config
     * loads, on the reload thread, off the loop. A bad certificate fails the whole reload and nothing changes.
     */
    static Rehash.Loader reloadingCertificate(Rehash.Loader config, ServerTls tls) {
        if (tls == null) return config;
        return () -> {
            Rehash.Result r = config.load();
            try {
                tls.reload();
            } catch (IOException | GeneralSecurityException e) {
                throw new TlsSetupException("TLS certificate: " + e.getMessage());
            }
            LoggerFactory.getLogger(TlsOptions.class).info("TLS certificate reloaded: {}", tls.describe());
            return r;
        };
    }

    private static Path readable(Path p, String option) throws TlsSetupException {
        if (!Files.isReadable(p)) throw new TlsSetupException("cannot read " + option + " " + p);
        return p;
    }
}
