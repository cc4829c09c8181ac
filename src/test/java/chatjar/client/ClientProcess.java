package chatjar.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code chat.jar client} as a separate JVM on the test classpath, as a user runs it: its own standard input,
 * output and exit code. Output goes to files so a full pipe can never stall the child.
 */
final class ClientProcess implements AutoCloseable {
    final Process process;
    final Path stdout;
    final Path stderr;

    private ClientProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The command line that runs chat.jar from the test classpath (also used inside tmux). */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("chatjar.ChatJar");
        cmd.add("client");
        cmd.addAll(List.of(args));
        return cmd;
    }

    static ClientProcess start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /** With these environment variables added (CHATJAR_PASSWORD). */
    static ClientProcess start(java.util.Map<String, String> env, String... args) throws IOException {
        Path out = Files.createTempFile("client-out", ".txt");
        Path err = Files.createTempFile("client-err", ".txt");
        ProcessBuilder b = new ProcessBuilder(command(args));
        b.environment().remove("CHATJAR_PASSWORD");
        b.environment().putAll(env);
        Process p = b.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ClientProcess(p, out, err);
    }

    /**
     * Waits for {@code peer} to see the child's first line (its JOIN): a JVM starting on a loaded two-core
     * machine can take longer than one {@link IrcTestClient#TIMEOUT}, so up to four of them.
     */
    static void awaitStartup(chatjar.testing.IrcTestClient peer, String command, String... params) {
        for (int i = 1; ; i++) {
            try {
                peer.expect(command, params);
                return;
            } catch (AssertionError e) {
                if (i == 4) throw e;
            }
        }
    }

    void type(String text) throws IOException {
        process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    void endInput() throws IOException {
        process.getOutputStream().close();
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("client did not exit; stderr: " + err());
        return process.exitValue();
    }

    String out() {
        return read(stdout);
    }

    String err() {
        return read(stderr);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        stdout.toFile().delete();
        stderr.toFile().delete();
    }
}
