package chatjar.client;

import java.time.Duration;
import java.util.List;

/**
 * What the client is told at start-up. {@code channels} are joined after every (re)connection until the
 * user parts them; the backoff bounds are configurable so tests can reconnect quickly. After {@code idleTimeout} of silence the
 * client sends a PING; after another one without any line the connection counts as dead (a cut cable sends no
 * FIN), and the client reconnects.
 */
public record ClientConfig(
        String host,
        int port,
        String nick,
        String user,
        String realname,
        String password,
        List<String> channels,
        Connector connector,
        Duration connectTimeout,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration idleTimeout,
        String account,
        char[] accountPassword,
        int scrollback) {

    public static ClientConfig of(String host, int port, String nick, List<String> channels) {
        return new ClientConfig(host, port, nick, nick, "chat.jar user", null, channels, Connector.plain(),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(120),
                null, null, Scrollback.LATEST);
    }

    /** Logs in as {@code name} (SASL SCRAM-SHA-256) with {@code password} on every connection. */
    public ClientConfig withAccount(String name, char[] password) {
        return new ClientConfig(host, port, nick, user, realname, this.password, channels, connector, connectTimeout,
                reconnectMin, reconnectMax, idleTimeout, name, password == null ? null : password.clone(), scrollback);
    }

    /** How many lines of scrollback a first join shows (0: none; a reconnect still catches up). */
    public ClientConfig withScrollback(int lines) {
        return new ClientConfig(host, port, nick, user, realname, password, channels, connector, connectTimeout,
                reconnectMin, reconnectMax, idleTimeout, account, accountPassword, lines);
    }

    public ClientConfig withPassword(String p) {
        return new ClientConfig(host, port, nick, user, realname, p, channels, connector, connectTimeout,
                reconnectMin, reconnectMax, idleTimeout, account, accountPassword, scrollback);
    }

    public ClientConfig withConnector(Connector c) {
        return new ClientConfig(host, port, nick, user, realname, password, channels, c, connectTimeout,
                reconnectMin, reconnectMax, idleTimeout, account, accountPassword, scrollback);
    }

    public ClientConfig withReconnect(Duration min, Duration max) {
        return new ClientConfig(host, port, nick, user, realname, password, channels, connector, connectTimeout,
                min, max, idleTimeout, account, accountPassword, scrollback);
    }

    public ClientConfig withIdleTimeout(Duration d) {
        return new ClientConfig(host, port, nick, user, realname, password, channels, connector, connectTimeout,
                reconnectMin, reconnectMax, d, account, accountPassword, scrollback);
    }

    /** Passwords stay out of logs and stack traces. */
    @Override
    public String toString() {
        return "ClientConfig[" + address() + ", nick=" + nick + ", account=" + account + ", channels=" + channels + "]";
    }

    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
