package chatjar.client;

import chatjar.server.ChatServer;
import chatjar.server.ServerConfig;
import chatjar.server.Storage;
import chatjar.server.history.HistorySettings;
import chatjar.store.sqlite.SqliteOptions;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;

import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A real server keeping accounts and history in SQLite under {@code dir}, as {@code chat.jar server} does by
 * default, on 127.0.0.1; {@link #restart} stops it and starts a new one on the same port and files.
 */
final class StoreServer implements AutoCloseable {
    final Path dir;
    final int port;
    private Storage storage;
    private TestServer running;

    StoreServer(Path dir) {
        this(dir, 0);
    }

    private StoreServer(Path dir, int port) {
        this.dir = dir;
        Storage s = null;
        try {
            // SCRAM keys at RFC 7677's minimum: registering and logging in stay quick on a loaded test machine.
            s = Storage.open(dir, SqliteOptions.defaults().withScramIterations(4096));
            ServerConfig config = ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl());
            running = new TestServer(new ChatServer(config, s, HistorySettings.defaults()), port);
            storage = s;
        } catch (Exception e) {
            if (s != null) s.close();
            throw new IllegalStateException(e);
        }
        this.port = running.port;
    }

    /** Stops this server (the store flushed and closed) and starts another on the same port and data directory. */
    StoreServer restart() {
        close();
        StoreServer[] next = new StoreServer[1];
        // The old listener may take a moment to let go of the port.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> (next[0] = new StoreServer(dir, port)) != null);
        return next[0];
    }

    IrcTestClient register(String nick) {
        return running.register(nick);
    }

    /** A raw client registering {@code nick} as an account through NickServ, as irssi's /msg NickServ does. */
    IrcTestClient registerAccount(String nick, String password) {
        IrcTestClient c = register(nick);
        c.send("PRIVMSG NickServ :REGISTER " + password);
        c.expectText("registered; you are now logged in");
        return c;
    }

    @Override
    public void close() {
        if (running == null) return;
        running.close();
        storage.close();
        running = null;
    }
}
