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
                "",
                "Accounts: /register PASSWORD makes your nick an account; after that log in with --account NAME "
                        + "(SASL SCRAM-SHA-256). The password comes from $CHATJAR_PASSWORD or a prompt, never a flag.",
                "Scrollback: on a server with draft/chathistory, joining shows the channel's recent lines (dimmed, "
                        + "with their date), and a reconnect shows exactly what was said meanwhile.",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:quit cleanly (/quit, Ctrl-D, end of input)", "1:cannot connect", "2:invalid options",
                "3:login failed (--account)"})
public final class ClientCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "HOST", description = "Server to connect to.")
    String host = "127.0.0.1";

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port.")
    int port = 20000;

    @Option(names = {"-n", "--nick"}, paramLabel = "NICK", description = "Nick to use (default: the --account name, else your OS user name, made valid). If taken, a suffix is tried.")
    String nick;

    @Option(names = {"-c", "--channel"}, paramLabel = "CHANNELS", description = "Channels to join, comma-separated; empty for none.")
    String channel = "#lobby";

    @Option(names = "--password", arity = "1", paramLabel = "PASSWORD", description = "Server password (sent with PASS).")
    String password;

    @Option(names = {"-a", "--account"}, paramLabel = "NAME", description = "Log in to this account (SASL "
            + "SCRAM-SHA-256; PLAIN only if the server has no SCRAM). Password: $CHATJAR_PASSWORD, else a prompt.")
    String account;

    @Option(names = "--scrollback", paramLabel = "LINES", description = "Lines of history a join shows, if the "
            + "server keeps history (0: none; a reconnect still shows what was missed).")
    int scrollback = 50;

    @Option(names = "--history", paramLabel = "FILE", description = "Where typed lines are kept between sessions "
            + "(default: $XDG_STATE_HOME/chatjar/history or ~/.local/state/chatjar/history; mode 600). Lines with a "
            + "password (/oper, /register, /login, PASS, NickServ IDENTIFY) are never written.")
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
        // Logged in, the natural nick is the account's (the server protects it for its owner).
        String n = nick != null ? nick : account != null && !account.isBlank() ? account
                : Nicks.fromUserName(System.getProperty("user.name"));
        List<String> channels = channel.isBlank() ? List.of()
                : Arrays.stream(channel.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .map(s -> "#&+!".indexOf(s.charAt(0)) >= 0 ? s : "#" + s).toList();
        boolean secure = tls || insecure;
        int p = secure && !spec.commandLine().getParseResult().hasMatchedOption("--port") ? 6697 : port;
        if (scrollback < 0 || scrollback > 1000) return fail(2, "invalid --scrollback " + scrollback + ": must be 0-1000");
        ClientConfig config = ClientConfig.of(host, p, n, channels).withPassword(password).withScrollback(scrollback);
        if (secure) config = config.withConnector(chatjar.client.Connector.tls(insecure));
        if (account != null) {
            if (account.isBlank() || account.contains(" ")) return fail(2, "invalid --account '" + account + "'");
            char[] secret = accountPassword();
            if (secret == null) {
                return fail(2, "--account " + account + " needs a password: set CHATJAR_PASSWORD (there is no terminal to ask on)");
            }
            if (secret.length == 0) return fail(2, "--account " + account + ": the password is empty");
            config = config.withAccount(account, secret);
            java.util.Arrays.fill(secret, '\0');
        }

        if (!pipe && System.console() != null) return interactive(config);

        ChatClient client = new ChatClient(config, new PipeUi(System.out, System.err));
        try {
            client.connect();
        } catch (IOException e) {
            return fail(e instanceof ChatClient.LoginFailed ? 3 : 1, ChatClient.describe(config, e));
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
                return fail(e instanceof ChatClient.LoginFailed ? 3 : 1, ChatClient.describe(config, e));
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

    /** $CHATJAR_PASSWORD, else asked on the terminal without echo; null if neither is there. */
    private char[] accountPassword() {
        String env = System.getenv("CHATJAR_PASSWORD");
        if (env != null) return env.toCharArray();
        java.io.Console console = System.console();
        if (console == null) return null;
        char[] typed = console.readPassword("Password for %s: ", account);
        return typed == null ? new char[0] : typed;
    }

    private int fail(int code, String message) {
        spec.commandLine().getErr().println(message);
        spec.commandLine().getErr().flush();
        return code;
    }
}
