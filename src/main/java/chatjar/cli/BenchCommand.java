package chatjar.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until the load generator lands (issue 8). */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Load-test an IRC server.")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("chat.jar bench: not built yet");
        return 1;
    }
}
