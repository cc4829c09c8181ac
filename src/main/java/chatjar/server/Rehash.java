package chatjar.server;

import chatjar.net.Scheduler;
import chatjar.server.caps.AccountStore;
import chatjar.server.caps.Accounts;
import chatjar.server.config.LimitKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * REHASH and SIGHUP: reload the configuration while serving. Reading files blocks, so the loader runs on its
 * own short-lived thread and the result is applied on the loop through the scheduler. What can change live is
 * applied (MOTD, operators, server password, connection limits, flood control, sendq, timeouts, the SASL accounts
 * file, with CAP NEW/DEL to cap-notify clients when sasl comes or goes); what cannot
 * (names, advertised lengths in ISUPPORT, listeners) keeps its running value and is reported as needing a restart.
 * One reload runs at a time.
 */
public final class Rehash {
    private static final Logger log = LoggerFactory.getLogger(Rehash.class);

    /** Builds the next config from the same sources as at start-up. Blocking; never called on the loop. */
    public interface Loader {
        Result load() throws Exception;
    }

    /**
     * The new config, plus settings outside the server (listeners) that changed and need a restart, and the SASL
     * account store read from the {@code accounts} file (null: none configured, so sasl is not offered).
     */
    public record Result(ServerConfig config, List<String> needsRestart, Accounts accounts) {}

    private final Scheduler loop;
    private final Supplier<ServerConfig> config;
    private final Consumer<ServerConfig> reconfigure;
    private final AccountStore accounts;
    private Loader loader;
    private String source = "config";
    private boolean running;

    /** {@code reconfigure} applies the next config on the loop thread. */
    Rehash(Scheduler loop, Supplier<ServerConfig> config, Consumer<ServerConfig> reconfigure, AccountStore accounts) {
        this.loop = loop;
        this.config = config;
        this.reconfigure = reconfigure;
        this.accounts = accounts;
    }

    /** {@code source} names what is reloaded (the config file) in RPL_REHASHING. */
    public void setLoader(String source, Loader loader) {
        this.source = source;
        this.loader = loader;
    }

    public String source() {
        return source;
    }

    /** Starts a reload; {@code report} gets one summary line on the loop thread. Loop thread only. */
    public void start(String who, Consumer<String> report) {
        if (loader == null) {
            report.accept("nothing to reload: this server was not started from the command line");
            return;
        }
        if (running) {
            report.accept("a reload is already running");
            return;
        }
        running = true;
        Loader l = loader;
        Thread t = new Thread(() -> {
            Result r = null;
            String error = null;
            try {
                r = l.load();
            } catch (Exception e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            Result result = r;
            String failure = error;
            loop.execute(() -> {
                running = false;
                String line = failure != null ? "reload failed, nothing changed: " + failure : apply(result);
                log.info("rehash by {}: {}", who, line);
                report.accept(line);
            });
        }, "rehash");
        t.setDaemon(true);
        t.start();
    }

    /** Applies what may change live and returns the summary. */
    String apply(Result r) {
        ServerConfig old = config.get();
        ServerConfig next = r.config();
        List<String> restart = new ArrayList<>(r.needsRestart());
        if (!Objects.equals(old.name(), next.name())) restart.add("name");
        if (!Objects.equals(old.network(), next.network())) restart.add("network");
        if (!Objects.equals(old.tls(), next.tls())) restart.add("tls");
        ServerConfig.Limits.Builder limits = next.limits().toBuilder();
        List<String> changed = new ArrayList<>();
        for (LimitKeys.Key k : LimitKeys.ALL) {
            Object was = k.get().apply(old.limits());
            Object now = k.get().apply(next.limits());
            if (Objects.equals(was, now)) continue;
            if (k.live()) {
                changed.add(k.name());
            } else {
                restart.add(k.name()); // advertised in ISUPPORT at registration; clients would disagree with us
                k.set().accept(limits, was);
            }
        }
        if (!Objects.equals(old.motd(), next.motd())) changed.add("motd");
        if (!Objects.equals(old.operators(), next.operators())) changed.add("operators");
        if (!Objects.equals(old.password(), next.password())) changed.add("password");
        if (!Objects.equals(old.defaultChannel(), next.defaultChannel())) changed.add("default-channel");
        if (old.logMessages() != next.logMessages()) changed.add("log-messages");
        if (!Objects.equals(accounts.get(), r.accounts())) changed.add("accounts");
        reconfigure.accept(new ServerConfig(old.name(), old.network(), next.password(), next.motd(),
                next.defaultChannel(), next.logMessages(), limits.build(), next.operators(), old.tls()));
        accounts.set(r.accounts());
        return "reloaded" + (changed.isEmpty() ? ", nothing changed" : ": " + String.join(", ", changed))
                + (restart.isEmpty() ? "" : "; needs a restart to change: " + String.join(", ", restart));
    }
}
