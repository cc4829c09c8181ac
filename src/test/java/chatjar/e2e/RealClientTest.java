package chatjar.e2e;

import chatjar.irc.Message;
import chatjar.server.caps.Cap;
import chatjar.state.Channel;
import chatjar.state.Client;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives a real, unmodified IRC client (a Debian package) against the in-process server: it joins, says
 * something, hears the test client speak, then sees that client change nick and quit. Subclasses say how to
 * start the client, how to make it speak, and where (and in what words) it records what it saw.
 */
abstract class RealClientTest {
    static final String CHANNEL = "#e2e";
    static final Duration WAIT = Duration.ofSeconds(30);

    protected final TestServer server = new TestServer();
    @TempDir
    protected Path dir;
    private final List<Process> processes = new ArrayList<>();

    /**
     * The client must be installed: in CI (the CI variable set) a missing one FAILS with the apt-get line that
     * fixes it; on a developer machine the test is skipped, saying why.
     */
    static void require(String binary, String debianPackage) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, binary))) return;
        }
        String msg = binary + " is not installed (apt-get install -y " + debianPackage + ")";
        if (System.getenv("CI") != null) throw new AssertionError(msg);
        Assumptions.abort(msg);
    }

    protected Process start(List<String> command, Path output) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(new File("/dev/null"));
        pb.environment().put("HOME", dir.toString()); // keep every client's config and state in the temp dir
        pb.environment().remove("TMUX");
        try {
            Process p = pb.start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a short command (tmux send-keys) to completion. */
    protected void run(List<String> command) {
        try {
            Process p = start(command, dir.resolve("cmd.out"));
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            processes.remove(p);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a line into a FIFO the client reads (WeeChat's command pipe, ii's in files) once it exists. */
    protected static void writeFifo(Path fifo, String line) {
        await().atMost(WAIT).until(() -> Files.exists(fifo));
        try {
            Files.write(fifo, (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static void awaitText(Path file, String text) {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> read(file).contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(file.getFileName() + " never showed '" + text + "'; it holds:\n" + read(file));
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server-side view of the real client once it sits in the channel. */
    protected Client awaitMember(String nick) {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> server.<Boolean>onLoop(s -> {
                Channel ch = s.channels().find(CHANNEL);
                Client c = s.users().find(nick);
                return ch != null && c != null && ch.has(c);
            }));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(nick + " never joined " + CHANNEL + "; the client's files say:\n" + clientFiles());
        }
        return server.onLoop(s -> s.users().find(nick));
    }

    /** The tail of every regular file the client wrote, for a failure message CI can be debugged from. */
    private String clientFiles() {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".conf")).forEach(f -> {
                List<String> lines = read(f).lines().toList();
                sb.append("== ").append(dir.relativize(f)).append('\n');
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> sb.append(l).append('\n'));
            });
        } catch (IOException | UncheckedIOException e) {
            sb.append("(cannot list ").append(dir).append(": ").append(e.getMessage()).append(")");
        }
        return sb.toString();
    }

    protected long capsOf(String nick) {
        return server.<Long>onLoop(s -> chatjar.server.LocalUser.of(s.users().find(nick)).caps);
    }

    protected static List<String> names(long caps) {
        List<String> out = new ArrayList<>();
        for (Cap c : Cap.values()) if (c.in(caps)) out.add(c.token);
        return out;
    }

    /** Makes the real client say {@code text} in {@link #CHANNEL}. */
    protected abstract void say(String text);

    /** The file where the client records channel messages. */
    protected abstract Path channelLog();

    /** The file where the client records the other user's nick change and quit (ii puts them elsewhere). */
    protected Path eventLog() {
        return channelLog();
    }

    protected abstract String heard(String nick, String text);

    protected abstract String nickChange(String from, String to);

    protected abstract String quit(String nick, String reason);

    /** join → send → receive → the other user changes nick → the other user quits. */
    protected void converse(String nick) {
        awaitMember(nick);
        try (IrcTestClient other = server.register("other")) {
            other.send("JOIN " + CHANNEL);
            other.expect("366");
            say("hello from " + nick);
            Message m = other.expect("PRIVMSG", CHANNEL, "hello from " + nick);
            assertThat(m.sourceNick()).isEqualTo(nick);
            other.send("PRIVMSG " + CHANNEL + " :hi " + nick + ", I am the test client");
            awaitText(channelLog(), heard("other", "hi " + nick + ", I am the test client"));
            other.send("NICK other2");
            other.expect("NICK", "other2");
            awaitText(eventLog(), nickChange("other", "other2"));
            other.send("QUIT :see you");
            other.expectClosed();
            awaitText(eventLog(), quit("other2", "Quit: see you"));
        }
    }

    @AfterEach
    void stopClients() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        server.close();
    }
}
