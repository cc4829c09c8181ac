package chatjar;

import chatjar.cli.AccountCommand;
import chatjar.cli.BackupCommand;
import chatjar.cli.BenchCommand;
import chatjar.cli.ClientCommand;
import chatjar.cli.PasswdCommand;
import chatjar.cli.ServerCommand;
import chatjar.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The launcher: {@code java -jar chat.jar server|client|bench ...}. */
@Command(name = "chat.jar",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "A multi-user IRC chat server on one NIO reactor thread, a terminal client, and a load generator.",
                "",
                "  java -jar chat.jar server              serve on 127.0.0.1:20000",
                "  java -jar chat.jar client --nick ann   chat from this terminal",
                "  nc 127.0.0.1 20000                     plain-text chat, no client needed",
                ""},
        subcommands = {ServerCommand.class, ClientCommand.class, BenchCommand.class, PasswdCommand.class, AccountCommand.class, BackupCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:runtime failure (e.g. cannot listen or connect)", "2:invalid usage or configuration"})
public final class ChatJar implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ChatJar()).setCaseInsensitiveEnumValuesAllowed(true);
        // A usage mistake gets one clear line and a pointer to --help, not the whole help text.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(cmd.getCommandName() + ": " + ex.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return 2;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
