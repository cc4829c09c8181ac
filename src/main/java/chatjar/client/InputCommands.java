package chatjar.client;

import chatjar.client.Line.Kind;
import chatjar.irc.Message;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a typed line means: text goes to the current window, {@code /command args} does the command.
 * Shared by the terminal and pipe mode; {@code //text} sends text that starts with a slash.
 */
public final class InputCommands {
    /** Command → usage and help text; also what tab completion offers. */
    static final Map<String, String[]> HELP = new TreeMap<>(Map.ofEntries(
            Map.entry("/join", new String[]{"/join #channel [key]", "join a channel (the # may be left out)"}),
            Map.entry("/part", new String[]{"/part [#channel] [reason]", "leave a channel (default: the current one)"}),
            Map.entry("/msg", new String[]{"/msg nick|#channel text", "send a message without switching windows"}),
            Map.entry("/query", new String[]{"/query nick [text]", "open a private conversation window"}),
            Map.entry("/close", new String[]{"/close", "close the current query window (/part closes a channel)"}),
            Map.entry("/me", new String[]{"/me action", "describe an action: * ann waves"}),
            Map.entry("/notice", new String[]{"/notice nick|#channel text", "send a notice (bots never answer notices)"}),
            Map.entry("/nick", new String[]{"/nick newnick", "change your nick"}),
            Map.entry("/topic", new String[]{"/topic [#channel] [text]", "show or set the channel topic"}),
            Map.entry("/names", new String[]{"/names [#channel]", "list who is in a channel"}),
            Map.entry("/list", new String[]{"/list [#channel]", "list channels with their user counts and topics"}),
            Map.entry("/who", new String[]{"/who [#channel|nick]", "who is in a channel, with user@host and name"}),
            Map.entry("/whois", new String[]{"/whois nick", "details about a user"}),
            Map.entry("/away", new String[]{"/away [reason]", "mark yourself away; without a reason, back again"}),
            Map.entry("/register", new String[]{"/register [account] password", "register an account named after your nick (never kept in history)"}),
            Map.entry("/login", new String[]{"/login [account] password", "log in to your account through NickServ (never kept in history)"}),
            Map.entry("/oper", new String[]{"/oper name password", "become an IRC operator (the line is never kept in history)"}),
            Map.entry("/switch", new String[]{"/switch #channel|nick|N", "change the current window (also /window N, Alt+1..9)"}),
            Map.entry("/window", new String[]{"/window N", "same as /switch"}),
            Map.entry("/raw", new String[]{"/raw LINE", "send a raw IRC line (also /quote)"}),
            Map.entry("/quote", new String[]{"/quote LINE", "same as /raw"}),
            Map.entry("/help", new String[]{"/help [command]", "this list, or one command's usage"}),
            Map.entry("/quit", new String[]{"/quit [reason]", "leave the server (also Ctrl-D or Ctrl-C)"})));

    public static final String DEFAULT_QUIT = "chat.jar client";

    private final ChatClient client;

    public InputCommands(ChatClient client) {
        this.client = client;
    }

    public static List<String> commandNames() {
        return List.copyOf(HELP.keySet());
    }

    /** Handles one typed line. Returns false once the user has quit. */
    public boolean handle(String input) {
        String line = input.strip();
        if (line.isEmpty()) return true;
        if (!line.startsWith("/") || line.startsWith("//")) {
            sayToCurrent(Kind.MESSAGE, line.startsWith("//") ? line.substring(1) : line);
            return true;
        }
        String[] parts = line.split("\\s+", 2);
        String cmd = parts[0].toLowerCase(Locale.ROOT);
        String rest = parts.length > 1 ? parts[1].strip() : "";
        String[] words = rest.isEmpty() ? new String[0] : rest.split("\\s+");
        switch (cmd) {
            case "/join", "/j" -> {
                if (words.length == 0) return usage("/join");
                String ch = Line.isChannel(words[0]) ? words[0] : "#" + words[0];
                send(words.length > 1 ? Message.of(null, "JOIN", ch, words[1]) : Message.of(null, "JOIN", ch));
            }
            case "/part", "/leave" -> {
                String ch = words.length > 0 && Line.isChannel(words[0]) ? words[0] : client.current();
                String reason = words.length > 0 && Line.isChannel(words[0]) ? after(rest, 1) : rest;
                if (ch == null || !Line.isChannel(ch)) return usage("/part");
                send(reason.isEmpty() ? Message.of(null, "PART", ch) : Message.of(null, "PART", ch, reason));
            }
            case "/msg", "/m" -> {
                if (words.length < 2) return usage("/msg");
                client.say(Kind.MESSAGE, words[0], after(rest, 1));
            }
            case "/query", "/q" -> {
                if (words.length == 0) return usage("/query");
                client.openQuery(words[0]);
                if (words.length > 1) client.say(Kind.MESSAGE, words[0], after(rest, 1));
            }
            case "/close" -> {
                String cur = client.current();
                if (cur == null || !client.closeQuery(cur)) return usage("/close");
            }
            case "/me" -> {
                if (rest.isEmpty()) return usage("/me");
                sayToCurrent(Kind.ACTION, rest);
            }
            case "/notice" -> {
                if (words.length < 2) return usage("/notice");
                client.say(Kind.NOTICE, words[0], after(rest, 1));
            }
            case "/nick" -> {
                if (words.length != 1) return usage("/nick");
                client.changeNick(words[0]);
            }
            case "/topic" -> {
                boolean named = words.length > 0 && Line.isChannel(words[0]);
                String ch = named ? words[0] : client.current();
                String text = named ? after(rest, 1) : rest;
                if (ch == null || !Line.isChannel(ch)) return usage("/topic");
                send(text.isEmpty() ? Message.of(null, "TOPIC", ch) : Message.of(null, "TOPIC", ch, text));
            }
            case "/names" -> channelCommand("NAMES", words, "/names");
            case "/who" -> channelCommand("WHO", words, "/who");
            case "/list" -> send(words.length > 0 ? Message.of(null, "LIST", words[0]) : Message.of(null, "LIST"));
            case "/whois" -> {
                if (words.length == 0) return usage("/whois");
                send(Message.of(null, "WHOIS", words[0]));
            }
            case "/away" -> send(rest.isEmpty() ? Message.of(null, "AWAY") : Message.of(null, "AWAY", rest));
            case "/oper" -> {
                // The password is the rest of the line, spaces and all; InputHistory keeps no /oper line.
                String password = after(rest, 1);
                if (words.length < 2 || password.isEmpty()) return usage("/oper");
                send(Message.of(null, "OPER", words[0], password));
            }
            case "/register" -> {
                // One word is the password; two are account and password (a password may not contain spaces here).
                if (words.length == 0 || words.length > 2) return usage("/register");
                client.registerAccount(words.length == 2 ? words[0] : null, words[words.length - 1]);
            }
            case "/login", "/identify" -> {
                if (words.length == 0 || words.length > 2) return usage("/login");
                send(Message.of(null, "PRIVMSG", "NickServ", "IDENTIFY " + rest));
            }
            case "/switch", "/window", "/w" -> {
                if (words.length == 0) return usage("/switch");
                if (!client.switchTo(words[0])) {
                    status("No window " + words[0] + "; open windows: " + numbered(client.windows()));
                }
            }
            case "/raw", "/quote" -> {
                if (rest.isEmpty()) return usage("/raw");
                client.sendRaw(rest);
            }
            case "/help", "/h", "/?" -> help(words);
            case "/quit", "/exit", "/bye" -> {
                client.quit(rest.isEmpty() ? DEFAULT_QUIT : rest);
                return false;
            }
            default -> status("Unknown command " + cmd + "; /help lists the commands");
        }
        return true;
    }

    private void sayToCurrent(Kind kind, String text) {
        String target = client.current();
        if (target == null) {
            status("No window to send to: /join #channel or /query nick first");
            return;
        }
        client.say(kind, target, text);
    }

    private void channelCommand(String verb, String[] words, String usage) {
        String target = words.length > 0 ? words[0] : client.current();
        if (target == null) {
            usage(usage);
            return;
        }
        send(Message.of(null, verb, target));
    }

    private void help(String[] words) {
        if (words.length > 0) {
            String key = words[0].startsWith("/") ? words[0] : "/" + words[0];
            String[] h = HELP.get(key.toLowerCase(Locale.ROOT));
            status(h == null ? "No command " + key + "; /help lists the commands" : h[0] + "  " + h[1]);
            return;
        }
        status("Type a line to talk in the current window. Commands:");
        for (String[] h : HELP.values()) status(String.format("  %-28s %s", h[0], h[1]));
        status("Tab completes nicks and commands; Alt+1..9 switch windows; Ctrl-D or /quit leaves.");
    }

    private boolean usage(String cmd) {
        String[] h = HELP.get(cmd);
        status("Usage: " + h[0] + "  (" + h[1] + ")");
        return true;
    }

    private void send(Message m) {
        client.send(m);
    }

    private void status(String text) {
        client.show(Line.of(Kind.STATUS, null, text));
    }

    static String numbered(List<String> windows) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < windows.size(); i++) sb.append(i == 0 ? "" : ", ").append(i + 1).append(':').append(windows.get(i));
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /** {@code rest} without its first {@code n} words, keeping the spacing of the remainder. */
    static String after(String rest, int n) {
        String s = rest;
        for (int i = 0; i < n; i++) {
            int sp = s.indexOf(' ');
            if (sp < 0) return "";
            s = s.substring(sp).stripLeading();
        }
        return s;
    }
}
