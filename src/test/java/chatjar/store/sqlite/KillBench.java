package chatjar.store.sqlite;

import chatjar.store.EventKind;
import chatjar.store.HistoryQuery;
import chatjar.store.MsgIds;
import chatjar.store.StoredEvent;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * What {@code kill -9} loses: a child JVM appends to one target at a steady rate and records, after each
 * append, the event's number in a memory-mapped file (the page cache outlives the process); the parent kills
 * it mid-burst, reopens the store, compares the last event persisted with the last one appended, and checks
 * that what was persisted is a gap-free prefix.
 * <pre>java -cp target/classes:target/test-classes:$(cat target/cp.txt) chatjar.store.sqlite.KillBench DIR [RATE]</pre>
 */
public final class KillBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        if (args.length > 2 && args[2].equals("child")) {
            child(dir, rate);
            return;
        }
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KillBench.class.getName(), dir.toString(), Integer.toString(rate), "child")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicReference<String> last = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) last.set(line);
            } catch (Exception ignored) {
                // the child died: that is the point
            }
        });
        reader.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < until || last.get() == null) LockSupport.parkNanos(1_000_000);
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
        reader.join();
        long reportedSeq, reportedN;
        try (FileChannel ch = FileChannel.open(dir.resolve("progress"), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(16);
            ch.read(b, 0);
            reportedSeq = b.getLong(0);
            reportedN = b.getLong(8);
        }
        try (SqliteStore s = SqliteStore.open(dir, SqliteOptions.defaults())) {
            CompletableFuture<List<StoredEvent>> f = new CompletableFuture<>();
            s.history().query(HistoryQuery.latest("#k", null, 1), Runnable::run, (v, e) -> f.complete(v));
            StoredEvent lastStored = f.get(10, TimeUnit.SECONDS).get(0);
            long storedN = Long.parseLong(lastStored.params());
            long count;
            try (var c = SqliteStore.connect(s.file(), SqliteOptions.defaults(), true);
                 var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM events")) {
                rs.next();
                count = rs.getLong(1);
            }
            System.out.printf("kill -9 at %,d events/s: last appended #%,d, last persisted #%,d (%d persisted,"
                            + " gap-free: %s); lost %,d events = %d ms of messages%n", rate, reportedN, storedN, count,
                    count == storedN + 1, Math.max(0, reportedN - storedN),
                    Math.max(0, MsgIds.timeMillis(reportedSeq) - lastStored.timeMillis()));
        }
    }

    private static void child(Path dir, int rate) throws Exception {
        try (SqliteStore s = SqliteStore.open(dir, SqliteOptions.defaults());
             FileChannel ch = FileChannel.open(dir.resolve("progress"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                     StandardOpenOption.WRITE)) {
            MappedByteBuffer progress = ch.map(FileChannel.MapMode.READ_WRITE, 0, 16);
            MsgIds ids = new MsgIds(0, s.history().lastSeq());
            long start = System.nanoTime();
            for (long n = 0; ; n++) {
                long due = start + n * 1_000_000_000L / rate;
                while (System.nanoTime() < due) LockSupport.parkNanos(50_000);
                long seq = ids.next(System.currentTimeMillis());
                s.history().append(new StoredEvent("#k", "#k", seq, EventKind.PRIVMSG, "nick!user@host", null, null,
                        Long.toString(n)));
                progress.putLong(8, n);
                progress.putLong(0, seq);
                if (n % 1000 == 0) {
                    System.out.println(seq + " " + n);
                    System.out.flush();
                }
            }
        }
    }
}
