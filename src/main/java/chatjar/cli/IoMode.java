package chatjar.cli;

import chatjar.net.Protocol;
import chatjar.net.Transport;
import chatjar.net.blocking.ThreadPerConnectionTransport;
import chatjar.net.reactor.EventLoop;

import java.io.IOException;

/** {@code server --io}: which transport carries the (same) protocol. Only the reactor is meant for real use. */
public enum IoMode {
    /** One NIO selector thread for every connection (the design). */
    reactor,
    /** One blocking platform thread per connection, for contrast (the Apache model). */
    threads,
    /** One blocking virtual thread per connection; Java 21+. */
    virtual;

    Transport create(Protocol protocol, int maxLine) throws IOException {
        return switch (this) {
            case reactor -> new EventLoop(protocol, maxLine);
            case threads -> new ThreadPerConnectionTransport(protocol, maxLine, ThreadPerConnectionTransport.platformThreads());
            case virtual -> new ThreadPerConnectionTransport(protocol, maxLine, ThreadPerConnectionTransport.virtualThreads());
        };
    }
}
