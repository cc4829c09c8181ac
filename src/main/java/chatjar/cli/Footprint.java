package chatjar.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap settings for a long-running server that should give memory back. A chat server's live heap is small
 * and steady (about 1.2 KiB per client), but its allocation comes in bursts (a connect storm, a netsplit's
 * rejoin), and with the JVM's defaults the heap grown for a burst stays committed: after a full GC G1 keeps
 * up to 70 % of the heap free, so the process holds about three times its live data for good. These flags
 * are "manageable" (settable at run time), so {@code java -jar chat.jar server} gets them without a wrapper
 * script; a flag the user set on the command line is left alone. docs/benchmarks.md shows the effect.
 */
final class Footprint {
    /** After a GC the heap shrinks until at most this share of it is free. */
    static final int MAX_FREE_PERCENT = 20;
    /** ...and grows until at least this share is free, so the next burst does not trigger a GC at once. */
    static final int MIN_FREE_PERCENT = 10;
    /**
     * With G1, a concurrent cycle after this long without any GC, so an idle server returns its heap. G1 checks
     * once per interval, so the cycle comes one to two intervals after the last GC: at 60 s the heap grown by a
     * registration burst was still held (and shown by top) two minutes later; at 20 s it is returned within 40 s.
     * An idle server pays one small young pause and a concurrent mark of its live heap (about 20 MB at 10,000
     * clients) every 20-40 s; a busy one never sees it, as its own GCs reset the clock.
     */
    static final long PERIODIC_GC_MILLIS = 20_000;

    private Footprint() {}

    /** Applies the settings; returns what was changed, for the log. Never fails the start. */
    static List<String> apply() {
        if (Boolean.getBoolean("chatjar.jvm.defaults")) return new ArrayList<>();
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm == null ? new ArrayList<>() : apply(vm, usesG1());
        } catch (RuntimeException | LinkageError e) {
            return new ArrayList<>(); // another JVM (no HotSpot MXBean): the defaults are still correct, only larger
        }
    }

    /** The same on a given VM's flags (a test passes its own, so this JVM's flags stay as they were). */
    static List<String> apply(HotSpotDiagnosticMXBean vm, boolean g1) {
        List<String> changed = new ArrayList<>();
        try {
            // Min must stay <= Max at every step, so lower Min first.
            set(vm, "MinHeapFreeRatio", MIN_FREE_PERCENT, changed);
            set(vm, "MaxHeapFreeRatio", MAX_FREE_PERCENT, changed);
            if (g1 && isDefault(vm, "G1PeriodicGCInterval")) set(vm, "G1PeriodicGCInterval", PERIODIC_GC_MILLIS, changed);
        } catch (RuntimeException e) {
            // A flag renamed or refused: the defaults are still correct, only larger.
        }
        return changed;
    }

    private static void set(HotSpotDiagnosticMXBean vm, String name, long value, List<String> changed) {
        if (!isDefault(vm, name)) return;
        vm.setVMOption(name, Long.toString(value));
        changed.add(name + "=" + value);
    }

    private static boolean isDefault(HotSpotDiagnosticMXBean vm, String name) {
        try {
            VMOption o = vm.getVMOption(name);
            return o.isWriteable() && (o.getOrigin() == VMOption.Origin.DEFAULT || o.getOrigin() == VMOption.Origin.ERGONOMIC);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean usesG1() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(b -> b.getName().startsWith("G1"));
    }
}
