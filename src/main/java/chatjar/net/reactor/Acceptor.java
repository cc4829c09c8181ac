package chatjar.net.reactor;

import chatjar.net.Listener;
import chatjar.net.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * One listening socket, attached to its key: accepts on the loop and gives each connection the listener's
 * layer stack before the protocol sees it.
 */
final class Acceptor {
    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
    /** Bounded so a connect storm cannot starve the connections already open. */
    private static final int ACCEPTS_PER_TURN = 256;

    final ServerSocketChannel server;
    private final Listener listener;

    private Acceptor(ServerSocketChannel server, Listener listener) {
        this.server = server;
        this.listener = listener;
    }

    /** Binds now, so a taken address fails the caller with a readable message. */
    static Acceptor bind(Listener listener) throws IOException {
        InetSocketAddress address = listener.address();
        // An IPv4 address gets an IPv4 socket, so it is not a v4-mapped IPv6 one (clearer in ss/netstat).
        ServerSocketChannel server = address.getAddress() instanceof Inet4Address
                ? ServerSocketChannel.open(StandardProtocolFamily.INET) : ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 1024);
        } catch (BindException e) {
            server.close();
            throw new BindException("cannot listen on " + address.getHostString() + ":" + address.getPort()
                    + ": " + (e.getMessage() == null ? "address already in use" : e.getMessage().toLowerCase()));
        }
        server.configureBlocking(false);
        return new Acceptor(server, listener);
    }

    void accept(EventLoop loop, Protocol protocol) {
        for (int i = 0; i < ACCEPTS_PER_TURN; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                // EMFILE and friends: log and try again next turn rather than spin on this one.
                log.warn("accept failed: {}", e.getMessage());
                return;
            }
            if (ch == null) return;
            Connection c = null;
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                InetSocketAddress peer = (InetSocketAddress) ch.getRemoteAddress();
                c = new Connection(loop, ch, loop.nextId(), peer.getAddress().getHostAddress(), listener.layers());
                c.key = loop.register(ch, c);
                c.open(protocol);
            } catch (IOException | RuntimeException e) {
                log.warn("dropping a new connection: {}", e.toString());
                if (c != null && c.key != null) loop.closeNow(c, "Internal error");
                else EventLoop.closeQuietly(ch);
            }
        }
    }
}
