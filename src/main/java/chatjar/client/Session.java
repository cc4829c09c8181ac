package chatjar.client;

import chatjar.client.Line.Kind;
import chatjar.irc.Message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the client knows about its IRC session: our nick, the channels we are in and their members, the
 * windows, and whether registration and the start-up joins are done. Guarded by its own monitor; it never
 * touches the socket or the screen. {@link #apply} turns one server line into the lines to show and the
 * lines to send back, which the caller writes after the lock is released, in order.
 */
final class Session {
    /** What one server line asks for: lines to show, lines to send (in this order), and whether windows changed. */
    record Reaction(List<Line> show, List<Message> send, boolean windowsChanged) {}

    private final ClientConfig config;
    private final Formatter formatter = new Formatter();

    private String nick;
    private String preferredNick;
    private int nickAttempts;
    private boolean registered;
    private boolean everRegistered;
    private boolean ready;
    private boolean bannerSeen;
    private long nextDelayMillis;
    private Casemap casemap = Casemap.RFC1459;
    private final Windows windows = new Windows();
    /** Channels we are in (folded name → name as joined); rejoined after a reconnect. */
    private final Map<String, String> channels = new LinkedHashMap<>();
    private final Map<String, TreeSet<String>> members = new LinkedHashMap<>();
    private final List<String> pendingJoins = new ArrayList<>();
    /** This connection's CAP negotiation and SASL login; replaced on every (re)connection. */
    private Login login;
    private boolean loginFailureShown;
    /** Cursors and seen msgids per target: kept across reconnections, which is what makes catching up exact. */
    private final Scrollback scrollback;

    Session(ClientConfig config) {
        this.config = config;
        this.nick = config.nick();
        this.preferredNick = config.nick();
        this.nextDelayMillis = config.reconnectMin().toMillis();
        this.scrollback = new Scrollback(config.scrollback());
        this.login = new Login(null, null, false);
    }

    /** Before CAP/NICK/USER on a new connection ({@code secure}: over TLS): the nick to register with. */
    synchronized String registering(boolean secure) {
        nick = preferredNick;
        nickAttempts = 0;
        login = new Login(config.account(), config.accountPassword(), secure);
        loginFailureShown = false;
        scrollback.reset();
        return nick;
    }

    /** While the SASL login of this connection has no outcome yet (only with an account). */
    synchronized boolean loginPending() {
        return config.account() != null && login.state() == Login.State.NEGOTIATING;
    }

    /** The one line saying why the login failed, or null. */
    synchronized String loginFailure() {
        return login.failure();
    }

    /** echo-message is on: our own lines are shown when the server sends them back, with their msgid. */
    synchronized boolean echoes() {
        return login.enabled("echo-message");
    }

    /** The server takes {@code REGISTER} (draft/account-registration); else NickServ does registrations. */
    synchronized boolean registrationCommand() {
        return login.offered("draft/account-registration");
    }

    private boolean history() {
        return login.enabled("draft/chathistory") && login.enabled("batch");
    }

    synchronized void disconnected() {
        registered = false;
        ready = false;
        members.clear();
        notifyAll();
    }

    /** The backoff before the next reconnection attempt; doubles up to the configured maximum. */
    synchronized long nextDelay() {
        long d = nextDelayMillis;
        nextDelayMillis = Math.min(nextDelayMillis * 2, config.reconnectMax().toMillis());
        return d;
    }

    synchronized Reaction apply(Message m, boolean quitting) {
        List<Line> lines = new ArrayList<>(2);
        List<Message> send = new ArrayList<>(0);
        if (m.command().equals("005")) isupport(m);
        if (login.apply(m, lines, send)) {
            loginFailedLine(lines);
            notifyAll(); // connect() may be waiting for the login's outcome
            return new Reaction(lines, send, false);
        }
        if (scrollback.handles(m, casemap, x -> formatter.format(x, nick, casemap), lines, send)) {
            return new Reaction(lines, send, false); // scrollback changes nothing (members, windows) of today
        }
        Line line = formatter.format(m, nick, casemap);
        if (line != null && line.isChat() && line.window() != null && !scrollback.live(casemap.fold(line.window()),
                line.window(), msgid(m))) {
            line = null; // shown already: replayed before it came live, or our own line echoed twice
        } else if (line != null && line.isChat()) {
            long at = Formatter.serverTime(m);
            if (at >= 0) line = line.at(at);
        }
        // After our QUIT the server's ERROR is the expected goodbye, not news.
        // A reconnect repeats the welcome and MOTD; once was enough.
        boolean repeatedBanner = line != null && line.kind() == Kind.BANNER && bannerSeen;
        if (line != null && !repeatedBanner && !(quitting && m.command().equals("ERROR"))) lines.add(line);
        boolean windowsChanged = update(m, lines, send);
        return new Reaction(lines, send, windowsChanged);
    }

    private boolean update(Message m, List<Line> lines, List<Message> send) {
        String who = m.sourceNick();
        boolean self = who != null && casemap.equals(who, nick);
        switch (m.command()) {
            case "001" -> {
                registered = true;
                nick = m.param(0);
                preferredNick = nick;
                nextDelayMillis = config.reconnectMin().toMillis();
                login.welcomed(lines);
                loginFailedLine(lines);
                notifyAll();
                List<String> toJoin = everRegistered ? new ArrayList<>(channels.values()) : config.channels();
                everRegistered = true;
                // Open conversations catch up too; only logged-in users have a stored conversation.
                if (history() && login.state() == Login.State.LOGGED_IN) {
                    for (String w : windows.list()) {
                        if (!Line.isChannel(w) && scrollback.known(casemap.fold(w))) scrollback.request(casemap.fold(w), w, true, send);
                    }
                }
                pendingJoins.clear();
                for (String ch : toJoin) {
                    pendingJoins.add(casemap.fold(ch));
                    send.add(Message.of(null, "JOIN", ch));
                }
                if (pendingJoins.isEmpty()) setReady();
            }
            case "432", "433", "436", "437" -> {
                if (!registered && !Line.isChannel(String.valueOf(m.param(1)))) {
                    nick = m.command().equals("432") ? "guest" + ThreadLocalRandom.current().nextInt(1000, 10000)
                            : Nicks.suffixed(preferredNick, ++nickAttempts);
                    lines.add(Line.of(Kind.STATUS, null, "Trying the nick " + nick));
                    send.add(Message.of(null, "NICK", nick));
                } else {
                    joinFailed(m.param(1));
                }
            }
            case "376", "422" -> bannerSeen = true;
            case "403", "405", "471", "473", "474", "475", "476", "477" -> joinFailed(m.param(1));
            case "JOIN" -> {
                String ch = m.param(0);
                if (self) {
                    channels.put(casemap.fold(ch), ch);
                    members.put(casemap.fold(ch), new TreeSet<>(casemap.order()));
                    boolean opened = windows.add(ch);
                    if (opened) windows.select(ch);
                    if (history()) scrollback.request(casemap.fold(ch), ch, false, send);
                    if (pendingJoins.remove(casemap.fold(ch)) && pendingJoins.isEmpty()) setReady();
                    return opened;
                }
                members(ch).add(who);
            }
            case "PART" -> {
                if (self) return leave(m.param(0), lines);
                members(m.param(0)).remove(who);
            }
            case "KICK" -> {
                if (casemap.equals(m.param(1), nick)) return leave(m.param(0), lines);
                members(m.param(0)).remove(m.param(1));
            }
            case "QUIT" -> members.values().forEach(s -> s.remove(who));
            case "NICK" -> {
                String to = m.param(0);
                if (self) {
                    nick = to;
                    preferredNick = to;
                }
                for (TreeSet<String> s : members.values()) {
                    if (s.remove(who)) s.add(to);
                }
                return windows.rename(who, to);
            }
            case "PRIVMSG" -> {
                String target = m.param(0);
                boolean fromUser = m.prefix() != null && m.prefix().indexOf('!') >= 0;
                if (fromUser && !self && target != null && !Line.isChannel(target) && windows.add(who)) return true;
            }
            case "FAIL" -> {
                if ("CHATHISTORY".equals(m.param(0)) && m.paramCount() > 4) scrollback.failed(casemap.fold(m.param(m.paramCount() - 2)));
            }
            case "REGISTER" -> {
                if ("SUCCESS".equals(m.param(0))) {
                    lines.add(Line.of(Kind.STATUS, null, "Next time, log in with: chat.jar client --account " + m.param(1)
                            + " (the password from CHATJAR_PASSWORD or a prompt)"));
                }
            }
            case "353" -> {
                if (m.paramCount() >= 4) {
                    TreeSet<String> s = members(m.param(2));
                    for (String n : m.last().split(" ")) {
                        String bare = stripPrefixes(n);
                        if (!bare.isEmpty()) s.add(bare);
                    }
                }
            }
            default -> { }
        }
        return false;
    }

    /** After a reconnect (a first connection's failure ends the client instead) the failed login is news. */
    private void loginFailedLine(List<Line> lines) {
        if (everRegistered && login.failure() != null && !loginFailureShown) {
            loginFailureShown = true;
            lines.add(Line.of(Kind.ERROR, null, login.failure() + "; going on without logging in"));
        }
    }

    private static String msgid(Message m) {
        return m.tags() == null ? null : m.tags().get("msgid");
    }

    /**
     * RPL_ISUPPORT: CHATHISTORY (the largest page) and CASEMAPPING; names already known are re-filed under a new
     * mapping.
     */
    private void isupport(Message m) {
        for (int i = 1; i < m.paramCount() - 1; i++) {
            String token = m.param(i);
            if (token.regionMatches(true, 0, "CHATHISTORY=", 0, 12)) {
                try {
                    scrollback.maxPerRequest(Integer.parseInt(token.substring(12)));
                } catch (NumberFormatException e) {
                    // keep the default page size
                }
            }
            if (!token.regionMatches(true, 0, "CASEMAPPING=", 0, 12)) continue;
            Casemap c = Casemap.of(token.substring(12));
            if (c == casemap) return;
            casemap = c;
            windows.casemap(c);
            Map<String, String> oldChannels = new LinkedHashMap<>(channels);
            channels.clear();
            oldChannels.values().forEach(ch -> channels.put(c.fold(ch), ch));
            Map<String, TreeSet<String>> oldMembers = new LinkedHashMap<>(members);
            members.clear();
            oldMembers.forEach((k, v) -> {
                TreeSet<String> s = new TreeSet<>(c.order());
                s.addAll(v);
                members.put(c.fold(k), s);
            });
            pendingJoins.replaceAll(c::fold);
        }
    }

    private void joinFailed(String channel) {
        if (channel == null) return;
        String folded = casemap.fold(channel);
        channels.remove(folded);
        if (pendingJoins.remove(folded) && pendingJoins.isEmpty()) setReady();
    }

    private boolean leave(String channel, List<Line> lines) {
        scrollback.forget(casemap.fold(channel));
        channels.remove(casemap.fold(channel));
        members.remove(casemap.fold(channel));
        return closeWindow(channel, lines);
    }

    /** Closes a window; if it was the current one, says where typed lines go now (a channel or the status window). */
    private boolean closeWindow(String name, List<Line> lines) {
        String before = windows.current();
        if (!windows.remove(name)) return false;
        String now = windows.current();
        if (before != null && casemap.equals(before, name)) lines.add(movedTo(now));
        return true;
    }

    static Line movedTo(String window) {
        return Line.of(Kind.STATUS, null, window != null ? "Typed lines now go to " + window
                : "No channel open: this is the status window (/join #channel, or /switch to a conversation)");
    }

    private TreeSet<String> members(String channel) {
        return members.computeIfAbsent(casemap.fold(channel), k -> new TreeSet<>(casemap.order()));
    }

    /** Drops NAMES status prefixes ({@code @+} here, {@code ~&%} elsewhere) and userhost-in-names suffixes. */
    static String stripPrefixes(String name) {
        int i = 0;
        while (i < name.length() && "~&@%+".indexOf(name.charAt(i)) >= 0) i++;
        int bang = name.indexOf('!', i);
        return bang < 0 ? name.substring(i) : name.substring(i, bang);
    }

    private void setReady() {
        ready = true;
        notifyAll();
    }

    // ---- read and changed by the input side ------------------------------------------------------------

    synchronized String nick() {
        return nick;
    }

    synchronized Casemap casemap() {
        return casemap;
    }

    synchronized boolean registered() {
        return registered;
    }

    synchronized String current() {
        return windows.current();
    }

    synchronized List<String> windows() {
        return windows.list();
    }

    synchronized List<String> membersOf(String channel) {
        TreeSet<String> s = channel == null ? null : members.get(casemap.fold(channel));
        return s == null ? List.of() : List.copyOf(s);
    }

    /** /nick before registration: the nick to register with, also after a reconnect. */
    synchronized void preferNick(String n) {
        if (!registered) preferredNick = n;
    }

    synchronized void openQuery(String who) {
        windows.add(who);
        windows.select(who);
    }

    synchronized boolean switchTo(String nameOrNumber) {
        boolean number = !nameOrNumber.isEmpty() && nameOrNumber.length() <= 4
                && nameOrNumber.chars().allMatch(c -> c >= '0' && c <= '9');
        return number
                ? windows.select(Integer.parseInt(nameOrNumber)) : windows.select(nameOrNumber);
    }

    /** Closes a query window (channels close when the PART comes back); adds where typed lines go now. */
    synchronized boolean closeQuery(String who, List<Line> lines) {
        return !Line.isChannel(who) && closeWindow(who, lines);
    }

    synchronized void stopped() {
        notifyAll();
    }

    /** Waits until registered and the start-up channels are joined (or refused), or the client stopped. */
    synchronized boolean awaitReady(long timeoutMillis, BooleanSupplier stopped) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!ready && !stopped.getAsBoolean()) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) return false;
            wait(left);
        }
        return ready;
    }
}
