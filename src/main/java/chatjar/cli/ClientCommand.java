package chatjar.cli;

import chatjar.client.ChatClient;
import chatjar.client.ClientConfig;
import chatjar.client.Nicks;
import chatjar.client.PipeUi;
import chatjar.client.TerminalUi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code chat.jar client}: parse options, connect, then run the terminal screen or the pipe. */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, showDefaultValues = true,
        description = {"Chat from this terminal. Speaks IRC, so other IRC servers work too.",
                "",
                "On a terminal: a line editor with history, Tab completion, Alt+1..9 windows; /help lists the "
                        + "commands (docs/client.md has them all).",
                "",
                "In a pipe: each input line is said in the channel, incoming chat is printed, and end of input quits:",
                "  echo hello | java -jar chat.jar client",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:quit cleanly (/quit, Ctrl-D, end of input)", "1:cannot connect", "2:invalid options"})
public final class ClientCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "HOST", description = "Server to connect to.")
    String host = "127.0.0.1";

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port.")
    int port = 20000;

    @Option(names = {"-n", "--nick"}, paramLabel = "NICK", description = "Nick to use (default: your OS user name, made valid). If taken, a suffix is tried.")
    String nick;

    @Option(names = {"-c", "--channel"}, paramLabel = "CHANNELS", description = "Channels to join, comma-separated; empty for none.")
    String channel = "#lobby";

    @Option(names = "--password", arity = "1", paramLabel = "PASSWORD", description = "Server password (sent with PASS).")
    String password;

    @Option(names = "--history", paramLabel = "FILE", description = "Where typed lines are kept between sessions "
            + "(default: $XDG_STATE_HOME/chatjar/history or ~/.local/state/chatjar/history; mode 600). Lines with a "
            + "password (/oper, PASS, NickServ IDENTIFY) are never written.")
    java.nio.file.Path history;

    @Option(names = "--no-history", description = "Keep no history file.")
    boolean noHistory;

    @Option(names = "--pipe", description = "Non-interactive mode even on a terminal.")
    boolean pipe;

    @Option(names = "--tls", description = "Connect with TLS (port 6697 unless --port is given); the certificate must be trusted and name --host.")
    boolean tls;

    @Option(names = "--insecure", description = "With TLS, accept any certificate (a --tls-self-signed server). Implies --tls.")
    boolean insecure;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) return fail(2, "invalid --port " + port + ": must be 1-65535");
        String n = nick != null ? nick : Nicks.fromUserName(System.getProperty("user.name"));
        List<String> channels = channel.isBlank() ? List.of()
                : Arrays.stream(channel.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .map(s -> "#&+!".indexOf(s.charAt(0)) >= 0 ? s : "#" + s).toList();
        boolean secure = tls || insecure;
        int p = secure && !spec.commandLine().getParseResult().hasMatchedOption("--port") ? 6697 : port;
        ClientConfig config = ClientConfig.of(host, p, n, channels).withPassword(password);
        if (secure) config = config.withConnector(chatjar.client.Connector.tls(insecure));

        if (!pipe && System.console() != null) return interactive(config);

        ChatClient client = new ChatClient(config, new PipeUi(System.out, System.err));
        try {
            client.connect();
        } catch (IOException e) {
            return fail(1, ChatClient.describe(config, e));
        }
        client.start();
        Signals.onTerminate(() -> {
            client.quit(chatjar.client.InputCommands.DEFAULT_QUIT);
            System.exit(0);
        });
        return PipeUi.run(client, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }

    private int interactive(ClientConfig config) throws IOException {
        try (TerminalUi ui = new TerminalUi(noHistory ? null : history != null ? history : chatjar.client.InputHistory.defaultFile())) {
            ChatClient client = new ChatClient(config, ui);
            try {
                client.connect();
            } catch (IOException e) {
                return fail(1, ChatClient.describe(config, e));
            }
            ui.attach(client);
            client.start();
            // SIGTERM or a closed terminal (SIGHUP) still says goodbye; after /quit this returns at once.
            Thread goodbye = new Thread(() -> client.quit(chatjar.client.InputCommands.DEFAULT_QUIT), "client-quit");
            Runtime.getRuntime().addShutdownHook(goodbye);
            int code = ui.run();
            Runtime.getRuntime().removeShutdownHook(goodbye);
            return code;
        }
    }

    private int fail(int code, String message) {
        spec.commandLine().getErr().println(message);
        spec.commandLine().getErr().flush();
        return code;
    }
}
