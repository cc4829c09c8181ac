package chatjar.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until the terminal client lands (issue 3). */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Chat from this terminal (IRC client).")
public final class ClientCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("chat.jar client: not built yet");
        return 1;
    }
}
