package chatjar.client;

import chatjar.net.tls.ServerTls;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's --tls/--insecure connector against the server's TLS listener with a self-signed certificate. */
@Timeout(60)
class ClientTlsConnectTest {
    TestServer server = new TestServer();
    ChatClient client;

    @AfterEach
    void stop() {
        if (client != null) client.quit("test over");
        server.close();
    }

    int tlsPort() throws Exception {
        return server.listenTls(ServerTls.selfSigned("localhost"), 20_000);
    }

    @Test
    void insecureTlsClientChatsWithAPlainPeer() throws Exception {
        ClientConfig config = ClientConfig.of("127.0.0.1", tlsPort(), "sec", List.of("#lobby"))
                .withConnector(Connector.tls(true)).withReconnect(Duration.ofMillis(50), Duration.ofMillis(400));
        RecordingOutput screen = new RecordingOutput();
        client = new ChatClient(config, screen);
        client.connect();
        client.start();
        assertThat(client.awaitReady(15_000)).isTrue();
        try (IrcTestClient bob = server.register("bob")) {
            bob.send("JOIN #lobby");
            bob.expect("366");
            new InputCommands(client).handle("hello through TLS");
            bob.expect("PRIVMSG", "#lobby", "hello through TLS");
            bob.send("WHOIS sec");
            bob.expect("671", "bob", "sec");
            bob.send("PRIVMSG #lobby :hi back");
            screen.expect("#lobby <bob> hi back");
            new InputCommands(client).handle("/whois sec");
            Line secure = screen.expect("is using a secure connection");
            assertThat(secure.plain()).as("671 reads as a sentence about the nick (issue 13)")
                    .isEqualTo("-!- sec is using a secure connection (TLS)");
        }
    }

    @Test
    void verifyingClientExplainsAnUntrustedCertificate() throws Exception {
        ClientConfig config = ClientConfig.of("127.0.0.1", tlsPort(), "strict", List.of())
                .withConnector(Connector.tls(false));
        ChatClient strict = new ChatClient(config, new RecordingOutput());
        assertThatThrownBy(strict::connect).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(ChatClient.describe(config, (IOException) e)).contains("--insecure"));
    }
}
