package chatjar.client;

import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The interactive client on a real pseudo-terminal: tmux runs it, send-keys types, capture-pane reads the
 * screen. Checks what only a terminal shows: incoming lines land above a half-typed line without breaking it.
 */
@Timeout(90)
class InteractiveTmuxTest {
    final String socket = "chatjar-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    TestServer server = new TestServer();

    @AfterEach
    void stop() throws Exception {
        tmux("kill-server");
        server.close();
    }

    @Test
    void incomingLinesPrintAboveTheLineBeingTyped() throws Exception {
        assumeThat(tmuxAvailable()).as("tmux installed").isTrue();
        try (IrcTestClient bob = server.register("bob")) {
            bob.send("JOIN #lobby");
            bob.expect("366");
            String cmd = ClientProcess.command("--port", String.valueOf(server.port), "--nick", "ann", "--no-history").stream()
                    .map(InteractiveTmuxTest::shellQuote).collect(Collectors.joining(" "));
            assertThat(tmux("new-session", "-d", "-s", "chat", "-x", "120", "-y", "30", cmd)).isZero();
            ClientProcess.awaitStartup(bob, "JOIN", "#lobby");
            awaitScreen(s -> s.contains("You joined #lobby") && s.contains("[#lobby]"));

            tmux("send-keys", "-t", "chat", "-l", "half typed");
            awaitScreen(s -> s.contains("[#lobby] half typed"));
            bob.send("PRIVMSG #lobby :hi ann");
            String screen = awaitScreen(s -> s.contains("<bob> hi ann"));
            List<String> lines = screen.lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines.get(lines.size() - 1)).as("the prompt and typed text stay on the last line")
                    .startsWith("[#lobby] half typed");

            tmux("send-keys", "-t", "chat", "-l", " and done");
            tmux("send-keys", "-t", "chat", "Enter");
            bob.expect("PRIVMSG", "#lobby", "half typed and done");
            awaitScreen(s -> s.contains("<ann> half typed and done"));

            tmux("send-keys", "-t", "chat", "-l", "/quit see you");
            tmux("send-keys", "-t", "chat", "Enter");
            bob.expect("QUIT", "Quit: see you");
        }
    }

    /** Issue 13: the line that cleared the screen and retitled the terminal is now printed as text. */
    @Test
    void escapeSequencesFromTheNetworkAreShownNotObeyed() throws Exception {
        assumeThat(tmuxAvailable()).as("tmux installed").isTrue();
        try (IrcTestClient bob = server.register("bob")) {
            bob.send("JOIN #lobby");
            bob.expect("366");
            String cmd = ClientProcess.command("--port", String.valueOf(server.port), "--nick", "ann", "--no-history").stream()
                    .map(InteractiveTmuxTest::shellQuote).collect(Collectors.joining(" "));
            assertThat(tmux("new-session", "-d", "-s", "chat", "-x", "120", "-y", "30", cmd)).isZero();
            ClientProcess.awaitStartup(bob, "JOIN", "#lobby");
            awaitScreen(s -> s.contains("You joined #lobby") && s.contains("[#lobby]"));
            String title = output("display-message", "-p", "-t", "chat", "#{pane_title}");

            bob.send("PRIVMSG #lobby :" + IrcTextTest.HOSTILE);
            bob.send("PRIVMSG #lobby :after");
            String screen = awaitScreen(s -> s.contains("<bob> after"));
            assertThat(screen).as("the screen was not cleared").contains("You joined #lobby");
            assertThat(screen).containsAnyOf("<bob> A\u241b[2J\u241b]0;pwned\u2407B", "<bob> A^[[2J^[]0;pwned^GB");
            assertThat(output("display-message", "-p", "-t", "chat", "#{pane_title}")).as("the title was not changed")
                    .isEqualTo(title).doesNotContain("pwned");
            type("/quit");
            bob.expect("QUIT");
        }
    }

    @Test
    void typedLinesComeBackInTheNextSessionButPasswordsDoNot(@TempDir Path dir) throws Exception {
        assumeThat(tmuxAvailable()).as("tmux installed").isTrue();
        Path history = dir.resolve("state").resolve("history");
        String cmd = ClientProcess.command("--port", String.valueOf(server.port), "--nick", "ann", "--history", history.toString())
                .stream().map(InteractiveTmuxTest::shellQuote).collect(Collectors.joining(" "));
        try (IrcTestClient bob = server.register("bob")) {
            bob.send("JOIN #lobby");
            bob.expect("366");
            assertThat(tmux("new-session", "-d", "-s", "chat", "-x", "120", "-y", "30", cmd)).isZero();
            ClientProcess.awaitStartup(bob, "JOIN", "#lobby");
            awaitScreen(s -> s.contains("You joined #lobby"));
            type("remember me");
            bob.expect("PRIVMSG", "#lobby", "remember me");
            type("/oper ann hunter2");
            type("/quit first session");
            bob.expect("QUIT", "Quit: first session");

            await().atMost(Duration.ofSeconds(30)).until(() -> tmux("has-session", "-t", "chat") != 0); // the client exited

            String saved = Files.readString(history, StandardCharsets.UTF_8);
            assertThat(saved).contains("remember me").contains("/quit first session").doesNotContain("hunter2");
            assertThat(Files.getPosixFilePermissions(history)).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

            assertThat(tmux("new-session", "-d", "-s", "chat", "-x", "120", "-y", "30", cmd)).isZero();
            ClientProcess.awaitStartup(bob, "JOIN", "#lobby");
            awaitScreen(s -> s.contains("You joined #lobby"));
            tmux("send-keys", "-t", "chat", "Up");
            awaitScreen(s -> s.contains("[#lobby] /quit first session"));
            tmux("send-keys", "-t", "chat", "Up");
            awaitScreen(s -> s.contains("[#lobby] remember me"));
            tmux("send-keys", "-t", "chat", "C-u");
            type("/quit second session");
            bob.expect("QUIT", "Quit: second session");
        }
    }

    private void type(String line) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "chat", "-l", line);
        tmux("send-keys", "-t", "chat", "Enter");
    }

    private String awaitScreen(java.util.function.Predicate<String> p) {
        String[] last = {""};
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> p.test(last[0] = capture()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("screen never matched; it shows:\n" + last[0]);
        }
        return last[0];
    }

    private String capture() throws IOException, InterruptedException {
        return output("capture-pane", "-p", "-t", "chat");
    }

    private String output(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private int tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static boolean tmuxAvailable() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
