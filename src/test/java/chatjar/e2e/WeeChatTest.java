package chatjar.e2e;

import chatjar.net.tls.ServerTls;
import chatjar.server.auth.PasswordHash;
import chatjar.server.caps.Accounts;
import chatjar.server.caps.Cap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** weechat-headless, configured only through /set commands, logging in with SASL PLAIN. */
@Timeout(90)
class WeeChatTest extends WeeChatClientTest {
    private static final List<Cap> WANTED = List.of(Cap.SERVER_TIME, Cap.ECHO_MESSAGE, Cap.MESSAGE_TAGS, Cap.BATCH,
            Cap.LABELED_RESPONSE, Cap.SASL);

    @Test
    void negotiatesCapsLogsInWithSaslAndChats() throws IOException {
        chat(server.port, false);
    }

    @Test
    void sameOverTlsWithASelfSignedCertificate() throws Exception {
        require("weechat-headless", "weechat-headless");
        int tlsPort = server.listenTls(ServerTls.selfSigned("localhost"), 10_000);
        chat(tlsPort, true);
        assertThat(server.<Boolean>onLoop(s -> s.users().find("wee").local.secure())).isTrue();
    }

    private void chat(int port, boolean tls) throws IOException {
        require("weechat-headless", "weechat-headless");
        String hash = PasswordHash.hash("wee pass".toCharArray(), PasswordHash.MIN_ITERATIONS);
        server.server.setAccounts(Accounts.parse(List.of("weeacct " + hash), "e2e"));
        String caps = String.join(",", WANTED.stream().map(c -> c.token).toList());
        String commands = String.join(";",
                "/set logger.file.flush_delay 0", "/set logger.file.path " + dir.resolve("logs"),
                "/set fifo.file.path " + fifo(),
                "/server add cj 127.0.0.1/" + port, "/set irc.server.cj.nicks wee",
                // WeeChat 3.8 still calls TLS "ssl" (renamed tls in 4.0).
                "/set irc.server.cj.ssl " + (tls ? "on" : "off"), "/set irc.server.cj.ssl_verify off",
                "/set irc.server.cj.username wee", "/set irc.server.cj.capabilities " + caps,
                "/set irc.server.cj.sasl_mechanism plain", "/set irc.server.cj.sasl_username weeacct",
                "/set irc.server.cj.sasl_password \"wee pass\"", "/set irc.server.cj.autojoin " + CHANNEL,
                "/connect cj");
        start(List.of("weechat-headless", "--dir", dir.resolve("weechat").toString(), "--run-command", commands),
                dir.resolve("weechat.out"));

        awaitMember("wee");
        long negotiated = capsOf("wee");
        assertThat(names(negotiated)).containsAll(WANTED.stream().map(c -> c.token).toList());
        assertThat(server.<String>onLoop(s -> s.users().find("wee").account)).isEqualTo("weeacct");
        awaitText(dir.resolve("logs/irc.server.cj.weechatlog"), "SASL authentication successful");
        converse("wee");
    }

    @Override
    protected String serverName() {
        return "cj";
    }
}
