package chatjar.server;

import chatjar.net.Link;
import chatjar.net.LinkHandler;
import chatjar.net.Scheduler;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary lines from three clients into a real {@link ChatServer}, on the test thread through fake links,
 * exactly as the loop would deliver them (no CR/LF, within the framer's limit; closes take effect after the
 * line). Nothing may escape as an exception and no line may make the server produce unbounded output.
 *
 * <p>Input format, so the committed corpus stays readable: one line per fuzz line; its first byte picks
 * the client ({@code byte % 3}), or, when it is {@code '!'}, drops that line's client abruptly and connects
 * a new one in its place; the rest is the line. Clients 0 and 1 start registered in #a, client 2 does not.
 */
class CommandFuzzTest {
    /** Generous: a JOIN of 50 channels answers with 50 JOIN/topic/NAMES bursts. */
    private static final long MAX_OUTPUT_PER_LINE = 256 * 1024;

    @FuzzTest(maxDuration = "10m")
    void lines(byte[] input) {
        ServerConfig config = ServerConfig.defaults();
        ChatServer server = new ChatServer(config);
        server.start(new ManualScheduler());
        FakeLink[] links = new FakeLink[3];
        for (int i = 0; i < 3; i++) links[i] = FakeLink.open(server, i);
        feed(links, 0, "NICK f0");
        feed(links, 0, "USER f0 0 * :fuzz");
        feed(links, 1, "NICK f1");
        feed(links, 1, "USER f1 0 * :fuzz");
        feed(links, 0, "JOIN #a");
        feed(links, 1, "JOIN #a");

        int start = 0;
        int maxFrame = config.maxFrame();
        for (int i = 0; i <= input.length; i++) {
            if (i < input.length && input[i] != '\n') continue;
            if (i > start) {
                byte sel = input[start];
                int who = Math.floorMod(sel, 3);
                if (sel == '!') {
                    who = Math.floorMod(i - start, 3);
                    links[who].drop("Connection reset by peer");
                    links[who] = FakeLink.open(server, who);
                } else {
                    int off = start + 1;
                    int len = Math.min(i - off, maxFrame);
                    if (len > 0 && notCrLf(input, off, len)) feed(links, who, input, off, len);
                }
            }
            start = i + 1;
        }
        for (FakeLink l : links) l.drop("end of input");
        assertThat(server.users().count()).isZero();
    }

    private static boolean notCrLf(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) if (b[i] == '\r') return false;
        return true;
    }

    private static void feed(FakeLink[] links, int who, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        feed(links, who, b, 0, b.length);
    }

    private static void feed(FakeLink[] links, int who, byte[] b, int off, int len) {
        long before = 0;
        for (FakeLink l : links) before += l.sent;
        if (links[who].isOpen()) links[who].handler.onLine(b, off, len);
        long after = 0;
        for (FakeLink l : links) {
            l.finishClose();
            after += l.sent;
        }
        assertThat(after - before).as("output for one line").isLessThanOrEqualTo(MAX_OUTPUT_PER_LINE);
    }

    /** A link that counts what is sent and, like the loop, delivers onClose after the current line. */
    private static final class FakeLink implements Link {
        private static long nextId;
        final long id = ++nextId;
        final String address;
        LinkHandler handler;
        long sent;
        long pending;
        String closing;
        boolean closed;

        private FakeLink(String address) {
            this.address = address;
        }

        static FakeLink open(ChatServer server, int slot) {
            FakeLink l = new FakeLink("127.0.0." + (slot + 1));
            l.handler = server.open(l);
            return l;
        }

        @Override public long id() { return id; }
        @Override public String remoteAddress() { return address; }
        @Override public long pendingBytes() { return pending; }
        @Override public void discardPending() { pending = 0; }
        @Override public boolean isOpen() { return closing == null; }

        @Override
        public void send(byte[] bytes) {
            if (closing != null) return;
            sent += bytes.length;
        }

        @Override
        public void close(String reason) {
            if (closing == null) closing = reason;
        }

        void drop(String reason) {
            close(reason);
            finishClose();
        }

        void finishClose() {
            if (closing == null || closed) return;
            closed = true;
            handler.onClose(closing);
        }
    }

    /** Timers are recorded and never fire: the fuzz run is about input, and stays deterministic. */
    private static final class ManualScheduler implements Scheduler {
        final List<Runnable> timers = new ArrayList<>();

        @Override public void execute(Runnable task) { task.run(); }
        @Override public long nowMillis() { return 0; }

        @Override
        public Cancellable schedule(long delayMillis, Runnable task) {
            timers.add(task);
            return () -> timers.remove(task);
        }
    }
}
