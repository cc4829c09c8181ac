package chatjar.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Opens the client's socket. The seam where TLS plugs in later: a TLS connector returns an SSLSocket and
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
}
