package chatjar.server;

import chatjar.irc.Message;
import chatjar.state.Client;

import java.util.HashMap;
import java.util.Map;

/**
 * The command table as data: verb → handler, minimum parameters, whether it is usable before registration.
 * Preconditions are checked here once, so handlers hold only the command's own logic.
 */
public final class Commands {
    @FunctionalInterface
    public interface Handler {
        void handle(Client c, Message m);
    }

    public record Command(String name, int minParams, boolean preRegistration, Handler handler) {}

    private final Map<String, Command> table = new HashMap<>();

    public void add(String name, int minParams, boolean preRegistration, Handler handler) {
        table.put(name, new Command(name, minParams, preRegistration, handler));
    }

    public Command find(String verb) {
        return table.get(verb);
    }

    /** Replaces a handler; tests use it to inject a failing command. */
    public void replace(String name, Handler handler) {
        Command old = table.get(name);
        table.put(name, new Command(name, old == null ? 0 : old.minParams(), old == null || old.preRegistration(), handler));
    }
}
