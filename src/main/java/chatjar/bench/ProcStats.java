package chatjar.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What Linux says about a process: CPU time from /proc/PID/stat, resident memory from /proc/PID/status, and
 * for a JVM the live heap after a full GC through the JDK's own jcmd. Read from the generator's main thread,
 * never from its I/O loops.
 */
final class ProcStats {
    /** USER_HZ: the unit of utime/stime; 100 on every Linux distribution's kernel build we target. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {}

    /** User + system CPU seconds of the process, or -1 when it cannot be read. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            // The command name may contain spaces: fields are counted from after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double selfCpuSeconds() {
        return cpuSeconds(ProcessHandle.current().pid());
    }

    /**
     * VmRSS in KiB once it has stopped falling, or -1. A JVM returns heap to the system on a thread of its own a
     * moment after a GC (G1 uncommits concurrently), so a reading taken as the GC ends counts memory that is
     * already free: poll until a second passes with no drop, for at most five seconds. A C server's RSS does
     * not move, so it costs those a second.
     */
    static long settledRssKib(long pid) throws InterruptedException {
        long best = rssKib(pid);
        long stableSince = System.nanoTime();
        long limit = stableSince + 5_000_000_000L;
        while (best > 0 && System.nanoTime() < limit && System.nanoTime() - stableSince < 1_000_000_000L) {
            Thread.sleep(200);
            long r = rssKib(pid);
            if (r > 0 && r < best) {
                best = r;
                stableSince = System.nanoTime();
            }
        }
        return best;
    }

    /** VmRSS in KiB, or -1. */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The jcmd beside the server's own java binary, or null when the server is not a JVM. */
    static Path jcmdFor(long pid) {
        try {
            Path exe = Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe"));
            if (!exe.getFileName().toString().equals("java")) return null;
            Path jcmd = exe.resolveSibling("jcmd");
            return Files.isExecutable(jcmd) ? jcmd : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Runs a full GC in a JVM server (so RSS is read after it) and returns the live heap in bytes, or -1. */
    static long liveHeapBytes(long pid) {
        Path jcmd = jcmdFor(pid);
        if (jcmd == null) return -1;
        String out = run(jcmd.toString(), Long.toString(pid), "GC.class_histogram");
        if (out == null) return -1;
        for (String line : out.split("\n")) {
            String t = line.trim();
            if (t.startsWith("Total")) {
                String[] f = t.split("\\s+");
                try {
                    return Long.parseLong(f[2]);
                } catch (RuntimeException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroy();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
