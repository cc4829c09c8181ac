package chatjar.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Non-interactive mode, for scripts, bots and tests: each standard-input line is typed into the current
 * window (slash commands work too), incoming chat and events go to standard output as plain lines,
 * errors and connection news to standard error. End of input quits after everything sent was processed.
 */
public final class PipeUi implements Output {
    private final PrintStream out;
    private final PrintStream err;

    public PipeUi(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public synchronized void show(Line line) {
        switch (line.kind()) {
            case BANNER -> { }
            case ERROR, STATUS -> err.println(line.plain());
            default -> {
                // Our own lines came from standard input; echoing them would duplicate the caller's data.
                if (!line.own()) out.println(line.plain());
            }
        }
        out.flush();
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
