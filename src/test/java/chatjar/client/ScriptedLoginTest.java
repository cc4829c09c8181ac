package chatjar.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login and registration against servers unlike ours, whose every line the test writes: one that offers only
 * PLAIN, one without SASL, one without draft/account-registration.
 */
@Timeout(60)
class ScriptedLoginTest extends ScriptedPeer {

    /** Starts connecting (on another thread: with an account, connect() waits for the login) and reads CAP LS. */
    CompletableFuture<Void> connect(ClientConfig config) throws IOException {
        client = new ChatClient(config, screen);
        CompletableFuture<Void> connected = CompletableFuture.runAsync(() -> {
            try {
                client.connect();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        peer = listener.accept();
        peer.setSoTimeout(15_000);
        in = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        out = peer.getOutputStream();
        assertThat(in.readLine()).isEqualTo("CAP LS 302");
        assertThat(in.readLine()).isEqualTo("NICK ann");
        assertThat(in.readLine()).startsWith("USER ");
        return connected;
    }

    ClientConfig config() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(15_000);
        return ClientConfig.of("127.0.0.1", listener.getLocalPort(), "ann", List.of());
    }


    @Test
    void onlyPlainOfferedWithoutTlsIsUsedAndSaidOutLoud() throws Exception {
        CompletableFuture<Void> connected = connect(config().withAccount("ann", "s3cret!".toCharArray()));
        write(":srv CAP * LS * :multi-prefix", ":srv CAP * LS :sasl=PLAIN,EXTERNAL server-time");
        assertThat(in.readLine()).isEqualTo("CAP REQ :server-time sasl");
        write(":srv CAP ann ACK :server-time sasl");
        assertThat(in.readLine()).isEqualTo("AUTHENTICATE PLAIN");
        screen.expect("The server offers no SCRAM-SHA-256: logging in with PLAIN, which sends the password unencrypted (no TLS)");
        write("AUTHENTICATE +");
        String payload = in.readLine();
        assertThat(new String(Base64.getDecoder().decode(payload.substring("AUTHENTICATE ".length())), StandardCharsets.UTF_8))
                .isEqualTo("\0ann\0s3cret!");
        write(":srv 900 ann ann!u@h ann :You are now logged in as ann", ":srv 903 ann :SASL authentication successful");
        assertThat(in.readLine()).isEqualTo("CAP END");
        connected.get(15, TimeUnit.SECONDS);
        screen.expect("Logged in as ann (PLAIN)");
    }

    @Test
    void aServerWithoutSaslFailsTheLoginInOneLine() throws Exception {
        CompletableFuture<Void> connected = connect(config().withAccount("ann", "s3cret!".toCharArray()));
        write(":srv CAP * LS :server-time");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> connected.get(15, TimeUnit.SECONDS));
        assertThat(e.getCause().getCause()).isInstanceOf(ChatClient.LoginFailed.class)
                .hasMessage("Login as ann failed: the server offers no SASL login");
        assertThat(in.readLine()).isEqualTo("CAP END");
        assertThat(in.readLine()).as("the client hung up").isNull();
    }

    @Test
    void registerGoesToNickServWhenTheServerHasNoRegisterCommand() throws Exception {
        CompletableFuture<Void> connected = connect(config());
        connected.get(15, TimeUnit.SECONDS);
        client.start();
        write(":srv CAP * LS :server-time");
        assertThat(in.readLine()).isEqualTo("CAP REQ server-time");
        write(":srv CAP ann ACK :server-time");
        assertThat(in.readLine()).isEqualTo("CAP END");
        write(":srv 001 ann :Welcome");
        screen.expect("Welcome");
        new InputCommands(client).handle("/register hunter22");
        assertThat(in.readLine()).isEqualTo("PRIVMSG NickServ :REGISTER hunter22");
        write(":NickServ!NickServ@services NOTICE ann :Account ann registered; you are now logged in.");
        screen.expect("-NickServ- Account ann registered");
    }

    @Test
    void registerUsesTheRegisterCommandWhereOffered() throws Exception {
        CompletableFuture<Void> connected = connect(config());
        connected.get(15, TimeUnit.SECONDS);
        client.start();
        write(":srv CAP * LS :draft/account-registration=before-connect");
        assertThat(in.readLine()).isEqualTo("CAP END");
        write(":srv 001 ann :Welcome");
        screen.expect("Welcome");
        new InputCommands(client).handle("/register hunter22");
        assertThat(in.readLine()).isEqualTo("REGISTER * * hunter22");
        write(":srv FAIL REGISTER WEAK_PASSWORD ann :Passwords need more");
        screen.expect("Registration failed: Passwords need more");
    }
}
