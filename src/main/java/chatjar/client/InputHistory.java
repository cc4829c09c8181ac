package chatjar.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.regex.Pattern;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * What the user typed, kept between sessions in a file only its owner can read. Lines that carry a secret
 * (an operator or server password, a NickServ identify, a SASL exchange typed by hand) are not kept at all:
 * with incremental saving, anything in the history reaches the file at once.
 */
public final class InputHistory extends DefaultHistory {
    private static final Pattern SECRET = Pattern.compile(
            "^\\s*/(?:oper|pass|register|login|identify|(?:raw|quote)\\s+(?:oper|pass|authenticate|register)|(?:msg|m|query|q)\\s+nickserv|ns)\\b.*"
                    + "|.*\\bidentify\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** The default place: $XDG_STATE_HOME/chatjar/history, or ~/.local/state/chatjar/history. */
    public static Path defaultFile() {
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() ? Path.of(state) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("chatjar").resolve("history");
    }

    static boolean isSecret(String line) {
        return SECRET.matcher(line).matches();
    }

    /** Creates the file (owner read/write only) if it is missing; false if it cannot be used. */
    static boolean prepare(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the platform's default protection applies
                }
            }
            return Files.isWritable(file);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void add(Instant time, String line) {
        if (isSecret(line)) return;
        super.add(time, line);
    }
}
