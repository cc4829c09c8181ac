package chatjar.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Opens the client's socket. The seam where TLS plugs in: the TLS connector returns an SSLSocket and
 * nothing above it changes.
 */
@FunctionalInterface
public interface Connector {
    Socket open(String host, int port, int timeoutMillis) throws IOException;

    /** Plain TCP with Nagle off: chat lines are small and latency is what a person notices. */
    static Connector plain() {
        return (host, port, timeoutMillis) -> {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), timeoutMillis);
                return s;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        };
    }

    /**
     * TLS 1.2/1.3 over {@link #plain()}; the handshake must finish within the connect timeout. Unless
     * {@code insecure}, the certificate must be trusted by the JDK and name the host.
     */
    static Connector tls(boolean insecure) {
        ClientTls tls = new ClientTls(insecure);
        Connector plain = plain();
        return (host, port, timeoutMillis) -> {
            Socket s = plain.open(host, port, timeoutMillis);
            try {
                s.setSoTimeout(timeoutMillis);
                Socket secure = tls.wrap(s, host, port);
                secure.setSoTimeout(0);
                return secure;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        };
    }
}
