package chatjar.client;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/**
 * The client's side: TLS over an already connected socket, TLS 1.2/1.3 only. By default the server's
 * certificate must chain to the JDK's trusted roots and match the host name; {@code insecure} accepts any
 * certificate (for {@code --tls-self-signed} servers), which protects against eavesdroppers, not impostors.
 * Public because the server's TLS tests use it as their client.
 */
public final class ClientTls {
    /** The same floor as the server's listener: nothing older than TLS 1.2. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLSocketFactory factory;
    private final boolean insecure;

    public ClientTls(boolean insecure) {
        this.insecure = insecure;
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, insecure ? new TrustManager[] {new TrustAll()} : null, null);
            this.factory = ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JDK", e);
        }
    }

    public SSLSocketFactory socketFactory() {
        return factory;
    }

    /** Wraps a connected socket and completes the handshake (blocking; call it off any event loop). */
    public SSLSocket wrap(Socket plain, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(PROTOCOLS);
        if (!insecure) p.setEndpointIdentificationAlgorithm("HTTPS"); // check the name, not only the chain
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /** Trusts every certificate: only behind --insecure. */
    private static final class TrustAll implements X509TrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
