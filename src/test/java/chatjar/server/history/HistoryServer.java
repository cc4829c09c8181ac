package chatjar.server.history;

import chatjar.net.reactor.EventLoop;
import chatjar.server.ChatServer;
import chatjar.server.ServerConfig;
import chatjar.server.Storage;
import chatjar.server.auth.PasswordHash;
import chatjar.server.caps.Accounts;
import chatjar.store.StoreStartException;
import chatjar.store.sqlite.SqliteOptions;
import chatjar.testing.IrcTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * A real server on 127.0.0.1 with its history in a real SQLite file (or memory), as the launcher builds it;
 * closing it stops the loop and then closes the store, as a shutdown does. Accounts alice, bob and carol
 * (password "pw") log in with SASL PLAIN.
 */
final class HistoryServer implements AutoCloseable {
    static final String PASSWORD = "pw";
    static final String CAPS = "batch server-time message-tags draft/chathistory sasl";

    final ChatServer server;
    final EventLoop loop;
    final Storage storage;
    final int port;

    HistoryServer(Storage storage, ServerConfig config, HistorySettings settings) {
        this.storage = storage;
        ChatServer built = new ChatServer(config, storage, settings);
        String hash = PasswordHash.hash(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS);
        chatjar.testing.TestServer running;
        try {
            built.setAccounts(Accounts.parse(List.of("alice " + hash, "bob " + hash, "carol " + hash), "test"));
            running = new chatjar.testing.TestServer(built, 0);
        } catch (IOException e) {
            storage.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        server = running.server;
        loop = (EventLoop) running.loop;
        port = running.port;
    }

    /** On a data directory, flood control off, the default settings. */
    static HistoryServer onDisk(Path dir) throws StoreStartException {
        return new HistoryServer(Storage.open(dir, SqliteOptions.defaults().withScramIterations(4096)), unmetered(),
                HistorySettings.defaults());
    }

    static ServerConfig unmetered() {
        return ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl());
    }

    /** Registers with the history capabilities (and {@code extra} ones), logging in as {@code account} if not null. */
    IrcTestClient client(String nick, String account, String extraCaps) {
        IrcTestClient c = new IrcTestClient(port);
        c.nick = nick;
        c.send("CAP LS 302");
        c.expect("CAP", "*", "LS");
        c.send("NICK " + nick).send("USER " + nick + " 0 * :" + nick);
        c.send("CAP REQ :" + CAPS + (extraCaps == null ? "" : " " + extraCaps));
        c.expect("CAP", "*", "ACK");
        if (account != null) {
            c.send("AUTHENTICATE PLAIN");
            c.expect("AUTHENTICATE", "+");
            String plain = "\0" + account + "\0" + PASSWORD;
            c.send("AUTHENTICATE " + Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
            c.expect("903");
        }
        c.send("CAP END");
        c.expect("001");
        c.expectAny("376", "422");
        return c;
    }

    /** Runs {@code f} on the loop thread and returns its result. */
    <T> T onLoop(Function<ChatServer, T> f) {
        return chatjar.testing.TestServer.onLoop(loop, server, f);
    }

    @Override
    public void close() {
        loop.shutdown(server::shutdownNotice, 5000);
        storage.close();
    }
}
