package chatjar.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate for trying TLS out. The JDK has no public API to create certificates, so this runs
 * the JDK's own {@code keytool -genkeypair} into a temporary PKCS#12 file, loads it and deletes it: no extra
 * dependency (BouncyCastle would be 8 MB for one call). It runs once at start, before the loop exists.
 */
final class SelfSigned {
    static final char[] PASSWORD = "chatjar-self-signed".toCharArray();

    private SelfSigned() { }

    static KeyStore generate(String host) throws IOException, GeneralSecurityException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) throw new IOException("keytool not found at " + keytool + " (needs a full JDK/JRE)");
        Path dir = Files.createTempDirectory("chatjar-tls");
        Path store = dir.resolve("self-signed.p12");
        try {
            String san = "dns:localhost,ip:127.0.0.1,ip:::1" + (host.equals("localhost") ? "" : ",dns:" + host);
            List<String> cmd = List.of(keytool.toString(), "-genkeypair", "-alias", "chatjar", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "30",
                    "-dname", "CN=" + host + ", O=chat.jar self-signed", "-ext", "SAN=" + san,
                    "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD), "-noprompt");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool could not create a certificate: " + output);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD);
            }
            return ks;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating a certificate");
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
        }
    }
}
