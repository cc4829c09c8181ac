package chatjar.cli;

/**
 * SIGTERM and SIGINT run a clean stop and let main exit 0. A shutdown hook alone would exit 143/130;
 * sun.misc.Signal (jdk.unsupported, present in every JDK we target) lets us choose.
 */
final class Signals {
    private Signals() {}

    static void onTerminate(Runnable stop) {
        Runnable once = new Runnable() {
            private boolean ran;

            @Override
            public synchronized void run() {
                if (ran) return;
                ran = true;
                new Thread(stop, "shutdown").start();
            }
        };
        for (String sig : new String[]{"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> once.run());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // signal not available here; the JVM default still stops the process
            }
        }
    }

    /** SIGHUP reloads the configuration, as daemons conventionally do. */
    static void onHangup(Runnable reload) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> reload.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGHUP on this platform; REHASH still works
        }
    }
}
