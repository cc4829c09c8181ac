package chatjar.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Non-interactive mode, for scripts, bots and tests: each standard-input line is typed into the current
 * window (slash commands work too), incoming chat and events go to standard output as plain lines (IRC
 * formatting dropped, control characters as placeholders), errors and connection news to standard error.
 * End of input quits after everything sent was processed.
 */
public final class PipeUi implements Output {
    private final PrintStream out;
    private final PrintStream err;
    /** Control pictures (␛) if the output's charset has them, else caret notation (^[). */
    private final boolean unicode;

    /** For System.out and System.err: their encoding is stdout.encoding (Java 19+) or the default charset. */
    public PipeUi(PrintStream out, PrintStream err) {
        this(out, err, stdoutCharset());
    }

    /** {@code charset}: what {@code out} and {@code err} encode with. */
    public PipeUi(PrintStream out, PrintStream err, Charset charset) {
        this.out = out;
        this.err = err;
        this.unicode = charset.newEncoder().canEncode('\u241B');
    }

    @Override
    public synchronized void show(Line line) {
        switch (line.kind()) {
            case BANNER -> { }
            // plain(): no IRC formatting and no control character from the network, only placeholders.
            case ERROR, STATUS -> err.println(line.plain(unicode));
            default -> {
                // Our own lines came from standard input; echoing them would duplicate the caller's data. Scrollback
                // of what we said before is not from this input, so it is shown.
                if (!line.own() || line.replayed()) out.println(line.plain(unicode));
            }
        }
        out.flush();
    }

    private static Charset stdoutCharset() {
        try {
            String name = System.getProperty("stdout.encoding");
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /** Feeds {@code in} to the client until end of input or /quit; returns the exit code. */
    public static int run(ChatClient client, BufferedReader in) throws IOException, InterruptedException {
        InputCommands commands = new InputCommands(client);
        String line;
        while ((line = in.readLine()) != null) {
            // Lines wait while we register, join or reconnect, so none is sent to a half-joined session.
            while (!client.awaitReady(1000)) {
                if (client.isStopped()) return 1;
            }
            if (!commands.handle(line)) return 0;
        }
        client.quit(InputCommands.DEFAULT_QUIT);
        return 0;
    }
}
