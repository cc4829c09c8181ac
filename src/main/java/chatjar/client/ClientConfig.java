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
        Duration idleTimeout) {

    public static ClientConfig of(String host, int port, String nick, List<String> channels) {
        return new ClientConfig(host, port, nick, nick, "chat.jar user", null, channels, Connector.plain(),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(120));
    }

    public ClientConfig withPassword(String p) {
        return new ClientConfig(host, port, nick, user, realname, p, channels, connector, connectTimeout,
                reconnectMin, reconnectMax, idleTimeout);
    }

    public ClientConfig withConnector(Connector c) {
        return new ClientConfig(host, port, nick, user, realname, password, channels, c, connectTimeout,
                reconnectMin, reconnectMax, idleTimeout);
    }

    public ClientConfig withReconnect(Duration min, Duration max) {
        return new ClientConfig(host, port, nick, user, realname, password, channels, connector, connectTimeout,
                min, max, idleTimeout);
    }

    public ClientConfig withIdleTimeout(Duration d) {
        return new ClientConfig(host, port, nick, user, realname, password, channels, connector, connectTimeout,
                reconnectMin, reconnectMax, d);
    }

    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
