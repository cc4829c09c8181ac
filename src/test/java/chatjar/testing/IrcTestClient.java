package chatjar.testing;

import chatjar.irc.Message;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A real socket speaking IRC for tests, read as a transcript: {@code send} a line, then {@code expect} the
 * next line matching a command and parameters. A reader thread records every line; waiting is Awaitility.
 */
public final class IrcTestClient implements AutoCloseable {
    // Generous: a spawned client JVM on a loaded 2-core CI machine can take many seconds to start.
    public static final Duration TIMEOUT = Duration.ofSeconds(40);

    private final Socket socket;
    private final OutputStream out;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile boolean eof;
    private int cursor;
    public String nick;

    public IrcTestClient(int port) {
        this(open(port));
    }

    /** Over a socket that is already connected (a TLS one, say). */
    public IrcTestClient(Socket connected) {
        socket = connected;
        try {
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(this::readLoop, "test-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static Socket open(int port) {
        try {
            Socket s = new Socket("127.0.0.1", port);
            s.setTcpNoDelay(true);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) lines.add(line);
        } catch (IOException e) {
            // closed
        } finally {
            eof = true;
        }
    }

    public IrcTestClient send(String line) {
        return sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    public IrcTestClient sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public IrcTestClient register(String nick) {
        this.nick = nick;
        send("NICK " + nick);
        send("USER " + nick + " 0 * :Test " + nick);
        expect("001");
        expectAny("376", "422");
        return this;
    }

    /** Waits for the next line (after the previous match) whose command and leading params match. */
    public Message expect(String command, String... params) {
        return expectMatch(m -> m.command().equals(command) && paramsMatch(m, params),
                command + " " + String.join(" ", params));
    }

    public Message expectAny(String... commands) {
        return expectMatch(m -> List.of(commands).contains(m.command()), String.join("|", commands));
    }

    public Message expectMatch(Predicate<Message> p, String what) {
        int[] found = {-1};
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5)).until(() -> {
                for (int i = cursor; i < lines.size(); i++) {
                    Message m = Message.parse(lines.get(i));
                    if (m != null && p.test(m)) {
                        found[0] = i;
                        return true;
                    }
                }
                return false;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError((nick == null ? "client" : nick) + " never received " + what
                    + "; after line " + cursor + " it got: " + lines.subList(Math.min(cursor, lines.size()), lines.size()));
        }
        cursor = found[0] + 1;
        return Message.parse(lines.get(found[0]));
    }

    /** Waits for a raw line (plain mode) containing {@code text}. */
    public String expectText(String text) {
        int[] found = {-1};
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5)).until(() -> {
                for (int i = cursor; i < lines.size(); i++) {
                    if (lines.get(i).contains(text)) {
                        found[0] = i;
                        return true;
                    }
                }
                return false;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("never received text '" + text + "'; got: " + lines.subList(Math.min(cursor, lines.size()), lines.size()));
        }
        cursor = found[0] + 1;
        return lines.get(found[0]);
    }

    private static boolean paramsMatch(Message m, String[] params) {
        for (int i = 0; i < params.length; i++) {
            if (params[i].equals("*")) continue;
            if (i >= m.paramCount() || !params[i].equals(m.param(i))) return false;
        }
        return true;
    }

    /** Lines received after the last match, without waiting. */
    public List<String> unread() {
        return List.copyOf(lines.subList(Math.min(cursor, lines.size()), lines.size()));
    }

    public List<String> allLines() {
        return List.copyOf(lines);
    }

    /** Waits until the server closes the connection. */
    public void expectClosed() {
        await().atMost(TIMEOUT).until(() -> eof);
    }

    public boolean isClosed() {
        return eof;
    }

    /** Round-trips a PING so everything the server sent before it has arrived. */
    public void sync() {
        String token = "sync" + System.nanoTime();
        send("PING " + token);
        expectMatch(m -> m.command().equals("PONG") && token.equals(m.last()), "PONG " + token);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
