package chatjar.jmh;

import chatjar.irc.Message;
import chatjar.net.Link;
import chatjar.net.LineFramer;
import chatjar.server.ChatServer;
import chatjar.server.LocalUser;
import chatjar.server.Replies;
import chatjar.server.ServerConfig;
import chatjar.server.relay.Relay;
import chatjar.server.relay.RelayEvent;
import chatjar.state.Channel;
import chatjar.state.Client;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The per-message and per-recipient work of one fan-out, without sockets: framing a read buffer of lines,
 * parsing a PRIVMSG, encoding the relayed line, and queueing it to the 99 other members of a channel.
 * The kernel's write path, which dominates the real thing, is deliberately not here (see docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmarks {
    static final String LINE = "PRIVMSG #bench3 :~42 1234 987654321012345 hello everyone in the channel";

    byte[] buffer;
    Relay relay;
    Channel channel;
    Client sender;

    /** A link that only counts: what a Connection does with send() minus the socket. */
    static final class CountingLink implements Link {
        final long id;
        long pending;

        CountingLink(long id) {
            this.id = id;
        }

        @Override public long id() { return id; }
        @Override public String remoteAddress() { return "127.0.0.1"; }
        @Override public void send(byte[] bytes) { pending += bytes.length; }
        @Override public long pendingBytes() { return 0; }
        @Override public void discardPending() { pending = 0; }
        @Override public void close(String reason) { }
        @Override public boolean isOpen() { return true; }
    }

    @Setup
    public void setup() {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 60_000) sb.append(":nick!user@127.0.0.1 ").append(LINE).append("\r\n");
        buffer = sb.toString().getBytes(StandardCharsets.US_ASCII);
        ChatServer server = new ChatServer(ServerConfig.defaults());
        relay = server.relay();
        channel = new Channel("#bench3", 0);
        for (int i = 0; i < 100; i++) {
            Client c = ((LocalUser) server.open(new CountingLink(i))).client; // a connected user, as the loop makes one
            c.nick = "b" + i;
            c.user = "b" + i;
            c.registered = true;
            channel.add(c, 0);
            if (i == 0) sender = c;
        }
    }

    @Benchmark
    public int frameLines() {
        int[] count = new int[1];
        LineFramer framer = new LineFramer(8704);
        framer.feed(buffer, 0, buffer.length, new LineFramer.Sink() {
            @Override public boolean line(byte[] buf, int off, int len) { count[0]++; return true; }
            @Override public void lineTooLong() { }
        });
        return count[0];
    }

    @Benchmark
    public Message parsePrivmsg() {
        return Message.parse(LINE);
    }

    @Benchmark
    public byte[] encodeRelayedLine() {
        return Replies.encode(":" + sender.prefix() + " " + LINE);
    }

    @Benchmark
    public void fanOutTo99(Blackhole bh) {
        String line = ":" + sender.prefix() + " " + LINE;
        relay.toChannel(relay.event(RelayEvent.Kind.PRIVMSG, sender, "#bench3", line), channel, sender);
        bh.consume(channel);
    }
}
