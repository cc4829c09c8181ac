package chatjar.cli;

import chatjar.server.auth.PasswordHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code chat.jar passwd}: read a password without echo and print its hash line for an operator block. */
@Command(name = "passwd", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, showDefaultValues = true,
        description = {"Hash a password for an operator block in the server's config file (or a SASL accounts file).",
                "",
                "Reads the password from the terminal without echo (asked twice), or one line from standard input "
                        + "when it is not a terminal, and prints a line like:",
                "  pbkdf2-sha256$600000$salt$hash",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:hash printed", "2:empty password, mismatch or bad options"})
public final class PasswdCommand implements Callable<Integer> {
    @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations; more is slower to check and to guess.")
    int iterations = PasswordHash.DEFAULT_ITERATIONS;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (iterations < PasswordHash.MIN_ITERATIONS) {
            return fail("--iterations must be at least " + PasswordHash.MIN_ITERATIONS);
        }
        char[] password;
        Console console = System.console();
        if (console != null) {
            password = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (password == null || again == null) return fail("no password read");
            boolean same = Arrays.equals(password, again);
            Arrays.fill(again, '\0');
            if (!same) return fail("the passwords differ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) return fail("no password on standard input");
            password = line.toCharArray();
        }
        if (password.length == 0) return fail("empty password");
        try {
            spec.commandLine().getOut().println(PasswordHash.hash(password, iterations));
            spec.commandLine().getOut().flush();
        } finally {
            Arrays.fill(password, '\0');
        }
        return 0;
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("chat.jar passwd: " + message);
        return 2;
    }
}
