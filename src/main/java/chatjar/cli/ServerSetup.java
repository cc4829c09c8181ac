package chatjar.cli;

import chatjar.server.Rehash;
import chatjar.server.ServerConfig;
import chatjar.server.caps.Accounts;
import chatjar.server.config.ConfigException;
import chatjar.server.config.ConfigFile;
import chatjar.server.config.LimitKeys;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the server command's options and its {@code --config} file into a {@link ServerConfig} and a list of
 * listeners (and the SASL accounts file), with the precedence command line &gt; file &gt; defaults. The same path
 * runs again for REHASH and SIGHUP, from the original command-line options, so a reload sees exactly what a restart
 * would.
 */
final class ServerSetup {
    record Listener(String bind, int port) {}

    /** {@code accounts} is the SASL store from {@code --accounts} or {@code accounts:}, null when neither is given. */
    record Result(ServerConfig config, List<Listener> listeners, ConfigFile file, Accounts accounts) {}

    private ServerSetup() {}

    /**
     * Reads the file (if any) into {@code cmd}'s unset options and builds the config; reads the MOTD and accounts
     * files it names. Blocking (disk).
     */
    static Result resolve(ServerCommand cmd, CommandSpec spec) throws ConfigException {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        ConfigFile file = null;
        if (cmd.config != null) {
            file = ConfigFile.load(cmd.config, optionNames(spec));
            applyOptions(file, spec, parsed);
        }
        String source = cmd.config == null ? "command line" : cmd.config.toString();

        List<String> motd = ServerCommand.DEFAULT_MOTD;
        if (file != null && file.motdText() != null) motd = file.motdText();
        if (cmd.motd != null) {
            try {
                motd = Files.readAllLines(cmd.motd, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(source, "motd", "cannot read " + cmd.motd + ": " + reason(e));
            }
        }

        ServerConfig.Limits.Builder limits = ServerConfig.Limits.defaults().toBuilder();
        if (file != null) file.applyLimits(limits);
        for (LimitKeys.Key k : LimitKeys.ALL) {
            OptionSpec o = spec.findOption("--" + k.name());
            if (o == null || !parsed.hasMatchedOption(o)) continue;
            try {
                k.set().accept(limits, k.parse().parse(o.getValue()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("command line", "--" + k.name(), e.getMessage() + ", got " + o.getValue());
            }
        }

        if (cmd.port < 0 || cmd.port > 65535) throw new ConfigException(source, "port", "must be 0-65535, got " + cmd.port);
        List<Listener> listeners = new ArrayList<>();
        boolean cliAddress = parsed.hasMatchedOption("--bind") || parsed.hasMatchedOption("--port");
        if (file != null && file.listeners() != null && !cliAddress) {
            for (ConfigFile.Listener l : file.listeners()) listeners.add(new Listener(l.bind(), l.port()));
        } else {
            listeners.add(new Listener(cmd.bind, cmd.port));
        }
        for (int i = 0; i < listeners.size(); i++) {
            String key = cliAddress || file == null || file.listeners() == null ? "bind" : "listen[" + i + "].bind";
            checkResolves(listeners.get(i).bind(), parsed.hasMatchedOption("--bind") ? "command line" : source, key);
        }
        if (file != null && file.tls() != null && file.tls().bind() != null && !file.tls().bind().isBlank()) {
            checkResolves(file.tls().bind(), source, "tls.bind");
        }

        Accounts accounts = null;
        if (cmd.accounts != null) {
            try {
                accounts = Accounts.load(cmd.accounts);
            } catch (IOException e) {
                throw new ConfigException(source, "accounts", e.getMessage());
            }
        }

        ServerConfig config = new ServerConfig(cmd.name, cmd.network, cmd.password, motd, cmd.defaultChannel,
                cmd.logMessages, limits.build(), file == null || file.operators() == null ? List.of() : file.operators(),
                file == null ? null : file.tls());
        return new Result(config, listeners, file, accounts);
    }

    /**
     * A bind address that names no host fails here, as one line and exit code 2, instead of as a stack trace
     * from the listener. Start-up and reload only (a host name may need DNS), never on the loop thread.
     */
    private static void checkResolves(String host, String source, String key) throws ConfigException {
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigException(source, key, "cannot resolve " + host + " (give an address such as 127.0.0.1, 0.0.0.0 or ::)");
        }
    }

    /** The reason a file could not be read, in words: the JDK's message for a missing file is only its name. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** A loader for {@link Rehash}: parses the original options again into a fresh command and resolves. */
    static Rehash.Loader reloader(CommandSpec spec, List<Listener> running) {
        List<String> args = originalArgs(spec);
        return () -> {
            ServerCommand fresh = new ServerCommand();
            CommandLine cl = new CommandLine(fresh);
            cl.parseArgs(args.toArray(String[]::new));
            Result r = resolve(fresh, cl.getCommandSpec());
            List<String> restart = new ArrayList<>();
            if (!r.listeners().equals(running)) restart.add("listeners");
            return new Rehash.Result(r.config(), restart, r.accounts());
        };
    }

    private static List<String> originalArgs(CommandSpec spec) {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (o.arity().max() == 0) {
                args.add(o.longestName());
            } else {
                for (String v : o.originalStringValues()) {
                    args.add(o.longestName());
                    args.add(v);
                }
            }
        }
        return args;
    }

    /**
     * What a file key of this option's type takes, in the file's terms: picocli's own message names the
     * command-line option ("Invalid value for option '--port'"), which is not what the operator wrote.
     */
    private static String expected(OptionSpec o, CommandLine.ParameterException ex) {
        Class<?> t = o.type();
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) return "expected a whole number";
        if (t == double.class || t == Double.class) return "expected a number";
        if (t.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : t.getEnumConstants()) names.add(c.toString());
            return "expected one of " + String.join(", ", names);
        }
        String m = ex.getMessage();
        int colon = m.indexOf("': ");
        return colon > 0 && m.startsWith("Invalid value for option") ? m.substring(colon + 3) : m;
    }

    private static String show(Object raw) {
        return raw instanceof String s ? "\"" + s + "\"" : String.valueOf(raw);
    }

    private static Set<String> optionNames(CommandSpec spec) {
        Set<String> names = new HashSet<>();
        for (OptionSpec o : spec.options()) {
            String n = o.longestName();
            if (n.startsWith("--")) names.add(n.substring(2));
        }
        return names;
    }

    /** File values for options not given on the command line, converted exactly as picocli would convert them. */
    private static void applyOptions(ConfigFile file, CommandSpec spec, CommandLine.ParseResult parsed) throws ConfigException {
        for (var e : file.options().entrySet()) {
            OptionSpec real = spec.findOption("--" + e.getKey());
            Object raw = e.getValue();
            if (real == null || raw == null || parsed.hasMatchedOption(real)) continue;
            if (real.type() == boolean.class || real.type() == Boolean.class) {
                if (!(raw instanceof Boolean)) throw new ConfigException(file.file(), e.getKey(), "expected true or false, got " + raw);
                real.setValue(raw);
                continue;
            }
            try {
                CommandLine scratch = new CommandLine(new ServerCommand());
                scratch.parseArgs(real.longestName(), String.valueOf(raw));
                real.setValue(scratch.getCommandSpec().findOption(real.longestName()).getValue());
            } catch (CommandLine.ParameterException ex) {
                throw new ConfigException(file.file(), e.getKey(), expected(real, ex) + ", got " + show(raw));
            }
        }
    }
}
