package chatjar.server.handlers;

import chatjar.irc.CaseMapping;
import chatjar.irc.Message;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.server.ServerInfo;
import chatjar.state.Client;
import chatjar.state.Masks;
import chatjar.state.Users;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static chatjar.irc.Numerics.*;

/**
 * What the server says about itself and its commands: INFO, HELP (and its older name HELPOP) and LINKS. The help
 * text is a resource read once at start-up ({@code help.txt} beside this package), not on the loop.
 */
public final class InfoHandlers {
    private final Replies out;
    private final ServerInfo info;
    private final Users users;
    private final Map<String, List<String>> help;

    public InfoHandlers(Replies out, ServerInfo info, Users users) {
        this.out = out;
        this.info = info;
        this.users = users;
        this.help = loadHelp();
    }

    public void register(Commands t) {
        t.add("INFO", 0, false, this::info);
        t.add("HELP", 0, false, this::help);
        t.add("HELPOP", 0, false, this::help);
        t.add("LINKS", 0, false, this::links);
    }

    // INFO [<target>]
    private void info(Client c, Message m) {
        if (m.paramCount() > 0 && !isHere(m.param(0))) {
            out.numeric(c, ERR_NOSUCHSERVER, m.param(0), "No such server");
            return;
        }
        out.numeric(c, RPL_INFO, info.name() + " runs " + info.version() + ",");
        out.numeric(c, RPL_INFO, "a single-threaded Java NIO IRC server (chat.jar).");
        out.numeric(c, RPL_INFO, "Network: " + info.network() + ". Up since " + info.createdText() + ".");
        out.numeric(c, RPL_INFO, "HELP lists the commands it understands.");
        out.numeric(c, RPL_ENDOFINFO, "End of INFO list");
    }

    /** A target naming this server: its name (or a mask of it), or a user on it. */
    private boolean isHere(String target) {
        if (Masks.matches(CaseMapping.fold(target), CaseMapping.fold(info.name()))) return true;
        Client u = users.find(target);
        return u != null && u.registered;
    }

    // HELP [<subject>]
    private void help(Client c, Message m) {
        String subject = m.paramCount() > 0 && !m.param(0).isEmpty() ? m.param(0) : "*";
        List<String> text = help.get(subject.toUpperCase(Locale.ROOT));
        if (text == null) {
            out.numeric(c, ERR_HELPNOTFOUND, subject, "No help available on this topic");
            return;
        }
        out.numeric(c, RPL_HELPSTART, subject, text.get(0));
        for (int i = 1; i < text.size(); i++) out.numeric(c, RPL_HELPTXT, subject, text.get(i));
        out.numeric(c, RPL_ENDOFHELP, subject, "End of /HELP");
    }

    // LINKS [[<server>] <mask>]
    private void links(Client c, Message m) {
        String mask = m.paramCount() > 0 ? m.last() : "*";
        if (Masks.matches(CaseMapping.fold(mask), CaseMapping.fold(info.name()))) {
            out.numeric(c, RPL_LINKS, info.name(), info.name(), "0 " + info.network() + " chat server");
        }
        out.numeric(c, RPL_ENDOFLINKS, mask, "End of /LINKS list");
    }

    /** The topics, by upper-case command name ({@code *} is the index). */
    public static Map<String, List<String>> helpTopics() {
        return loadHelp();
    }

    private static Map<String, List<String>> loadHelp() {
        Map<String, List<String>> topics = new HashMap<>();
        try (InputStream in = InfoHandlers.class.getResourceAsStream("/chatjar/server/help.txt")) {
            if (in == null) throw new IllegalStateException("help.txt is missing from the jar");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> current = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#")) continue;
                if (line.startsWith("[") && line.endsWith("]")) {
                    current = new ArrayList<>();
                    topics.put(line.substring(1, line.length() - 1), current);
                } else if (current != null) {
                    current.add(line.isEmpty() ? " " : line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(topics);
    }
}
