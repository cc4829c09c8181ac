package chatjar.server;

import chatjar.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 2,000 clients register and join ONE channel (so JOIN fan-out alone is two million lines), then one of them
 * says something and every other one must receive it. The clients are driven by a selector of the test's own
 * so they all read concurrently, as real users would.
 */
@Timeout(120)
class ManyClientsTest {
    static final int CLIENTS = 2000;

    static final class Peer {
        final SocketChannel ch;
        final int n;
        String tail = "";
        boolean welcomed, joined, heard, ponged;

        Peer(SocketChannel ch, int n) {
            this.ch = ch;
            this.n = n;
        }
    }

    @Test
    void twoThousandClientsRegisterJoinAndAllReceiveOneBroadcast() throws IOException {
        try (TestServer server = new TestServer(); Selector sel = Selector.open()) {
            List<Peer> peers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port));
                ch.configureBlocking(false);
                Peer p = new Peer(ch, i);
                ch.register(sel, SelectionKey.OP_READ, p);
                peers.add(p);
                write(ch, "NICK u" + i + "\r\nUSER u 0 * :load\r\nJOIN #big\r\n");
                if (i % 100 == 0) drain(sel, 0);
            }
            pump(sel, () -> peers.stream().allMatch(p -> p.joined));
            assertThat(peers).allMatch(p -> p.welcomed);
            int members = server.onLoop(s -> s.channels().find("#big").size());
            assertThat(members).isEqualTo(CLIENTS);

            write(peers.get(0).ch, "PRIVMSG #big :broadcast-token\r\n");
            pump(sel, () -> peers.stream().skip(1).allMatch(p -> p.heard));
            // The sender does not get its own message back. Its PING is handled after the PRIVMSG, so once the PONG
            // is in, an echo would have arrived before it.
            write(peers.get(0).ch, "PING :after-broadcast\r\n");
            pump(sel, () -> peers.get(0).ponged);
            assertThat(peers.get(0).heard).isFalse();
            for (Peer p : peers) p.ch.close();
        }
    }

    private static void write(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) ch.write(b); // a few bytes into an empty socket buffer: never spins for long
    }

    /** Reads from every ready client until {@code done}, bounded by the test's @Timeout. */
    private static void pump(Selector sel, BooleanSupplier done) throws IOException {
        while (!done.getAsBoolean()) drain(sel, 100);
    }

    private static final ByteBuffer buf = ByteBuffer.allocate(1 << 16);

    private static void drain(Selector sel, long timeout) throws IOException {
        if (timeout == 0) sel.selectNow();
        else sel.select(timeout);
        for (SelectionKey k : sel.selectedKeys()) {
            Peer p = (Peer) k.attachment();
            buf.clear();
            int n = p.ch.read(buf);
            if (n <= 0) continue;
            String text = p.tail + new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1);
            if (!p.welcomed && text.contains(" 001 u" + p.n + " ")) p.welcomed = true;
            if (!p.joined && text.contains(" 366 u" + p.n + " #big ")) p.joined = true;
            if (!p.heard && text.contains("PRIVMSG #big :broadcast-token")) p.heard = true;
            if (!p.ponged && text.contains("PONG") && text.contains("after-broadcast")) p.ponged = true;
            p.tail = text.substring(Math.max(0, text.length() - 64));
        }
        sel.selectedKeys().clear();
    }
}
