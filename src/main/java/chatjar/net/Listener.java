package chatjar.net;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A listening socket declared as data: the address, and the layers every connection accepted on it gets,
 * socket side first and the line framer on top. This list is the one place a connection's stack is assembled,
 * so TLS (or, later, WebSocket) is a new entry here, not new transport code:
 * <pre>
 *   new Listener(plainAddress, List.of(LineFramer.factory(maxLine)))
 *   new Listener(tlsAddress,   List.of(TlsLayer.factory(engines, timeout), LineFramer.factory(maxLine)))
 * </pre>
 * A factory may hold state its layers share on one I/O thread (TLS buffers), so give each transport its own.
 */
public record Listener(InetSocketAddress address, List<Layer.Factory> layers) {
    public Listener {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) throw new IllegalArgumentException("a listener needs at least a line framer");
    }

    /** Plain TCP: lines and nothing else. */
    public static Listener lines(InetSocketAddress address, int maxLine) {
        return new Listener(address, List.of(LineFramer.factory(maxLine)));
    }

    /** True when the stack is only a line framer, what every transport can serve. */
    public boolean plainLines() {
        return layers.size() == 1 && layers.get(0) instanceof LineFramer.Factory;
    }
}
