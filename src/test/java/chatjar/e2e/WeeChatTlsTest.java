package chatjar.e2e;

import chatjar.net.tls.ServerTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** weechat-headless over TLS to a --tls-self-signed style listener, verification off as a new user would set it. */
@Timeout(90)
class WeeChatTlsTest extends WeeChatClientTest {

    @Test
    void connectsOverTlsAndChatsWithAPlainClient() throws Exception {
        require("weechat-headless", "weechat-headless");
        int tlsPort = server.listenTls(ServerTls.selfSigned("localhost"), 10_000);
        String commands = String.join(";",
                "/set logger.file.flush_delay 0", "/set logger.file.path " + dir.resolve("logs"),
                "/set fifo.file.path " + fifo(),
                // WeeChat 3.x (Debian 12) names these options "ssl"; WeeChat 4 renamed them "tls".
                "/server add cjt 127.0.0.1/" + tlsPort + " -ssl", "/set irc.server.cjt.ssl_verify off",
                "/set irc.server.cjt.nicks weetls", "/set irc.server.cjt.username weetls",
                "/set irc.server.cjt.autojoin " + CHANNEL, "/connect cjt");
        start(List.of("weechat-headless", "--dir", dir.resolve("weechat").toString(), "--run-command", commands),
                dir.resolve("weechat.out"));
        awaitMember("weetls");
        assertThat(server.<Boolean>onLoop(s -> s.users().find("weetls").local.secure())).isTrue();
        converse("weetls");
    }

    @Override
    protected String serverName() {
        return "cjt";
    }
}
