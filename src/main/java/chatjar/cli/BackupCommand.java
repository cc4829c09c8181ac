package chatjar.cli;

import chatjar.store.sqlite.SqliteStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code chat.jar backup --data-dir DIR --to FILE}: a consistent copy of {@code chat.db} while the server runs.
 * SQLite's {@code VACUUM INTO} reads one snapshot on a read-only connection of its own (in WAL mode the server's
 * writer is not blocked), and writes it compacted to {@code FILE.partial}, renamed to {@code FILE} once complete:
 * a failed or interrupted backup never leaves a file that looks like a backup.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, showDefaultValues = true,
        description = {"Copy the accounts and history of a data directory to one file, also while the server runs.",
                "To restore, stop the server, replace the data directory's chat.db with the copy (and delete "
                        + "chat.db-wal and chat.db-shm next to it), then start the server.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:copied", "1:not copied (FILE exists without --force, disk full, database damaged)",
                "2:bad options, or no chat.db in the data directory"})
public final class BackupCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "The server's data directory.")
    Path dataDir = Path.of("data");

    @Option(names = "--to", paramLabel = "FILE", required = true, description = "Where to write the copy.")
    Path to;

    @Option(names = "--force", description = "Replace FILE if it exists (only once the new copy is complete).")
    boolean force;

    @Option(names = "--busy-timeout", paramLabel = "MS", description = "How long to wait for a lock held by another program.")
    int busyTimeoutMs = 10_000;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path db = dataDir.resolve(SqliteStore.DB_FILE);
        if (!Files.isRegularFile(db)) {
            err.println("no " + db + ": give the server's data directory with --data-dir");
            return 2;
        }
        if (Files.isDirectory(to)) {
            err.println(to + " is a directory: give a file name, e.g. --to " + to.resolve("chat-backup.db"));
            return 2;
        }
        if (Files.exists(to) && !force) {
            err.println(to + " exists: choose another file, or replace it with --force");
            return 1;
        }
        Path partial = to.resolveSibling(to.getFileName() + ".partial");
        long start = System.nanoTime();
        try {
            Files.deleteIfExists(partial); // left by an interrupted backup: never a complete copy
            SqliteStore.backup(dataDir, partial, busyTimeoutMs);
            if (force) Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            else Files.move(partial, to); // fails if FILE appeared meanwhile
        } catch (IOException e) {
            deleteQuietly(partial);
            String why = e instanceof FileAlreadyExistsException ? to + " exists: choose another file, or replace it with --force"
                    : "backup of " + db + " to " + to + " failed: " + e.getMessage();
            err.println(why);
            return 1;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        long bytes;
        try {
            bytes = Files.size(to);
        } catch (IOException e) {
            bytes = -1;
        }
        out.printf(Locale.ROOT, "backed up %s to %s: %.1f MB in %.1f s%n", db, to, bytes / 1e6, ms / 1000.0);
        out.flush();
        return 0;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing more to do; the .partial name says what it is
        }
    }
}
