package chatjar.e2e;

import chatjar.server.auth.PasswordHash;
import chatjar.server.caps.Accounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** irssi, unmodified, in a detached tmux session on a private tmux socket; typed into with send-keys. */
@Timeout(90)
class IrssiTest extends RealClientTest {
    /** A private tmux server, so the test never touches a developer's sessions and can stop all of its own. */
    private final String socket = "chatjar-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @Test
    void negotiatesCapsLogsInWithSaslAndChats() throws IOException {
        chat(server.port, false);
    }

    private void chat(int port, boolean tls) throws IOException {
        require("irssi", "irssi");
        require("tmux", "tmux");
        String hash = PasswordHash.hash("irs pass".toCharArray(), PasswordHash.MIN_ITERATIONS);
        server.server.setAccounts(Accounts.parse(List.of("irsacct " + hash), "e2e"));
        Path home = dir.resolve("irssi");
        Files.createDirectories(home);
        // Server and channel come from the config, so nothing typed can race irssi's start-up.
        Files.writeString(home.resolve("config"), """
                servers = ( { address = "127.0.0.1"; chatnet = "cj"; port = "%d"; autoconnect = "yes";
                              use_tls = "%s"; tls_verify = "no"; } );
                chatnets = { cj = { type = "IRC"; sasl_mechanism = "PLAIN"; sasl_username = "irsacct";
                                    sasl_password = "irs pass"; }; };
                channels = ( { name = "%s"; chatnet = "cj"; autojoin = "yes"; } );
                settings = {
                  core = { real_name = "irssi e2e"; user_name = "irs"; nick = "irs"; };
                  "fe-common/core" = { autolog = "yes"; autolog_path = "%s/logs/$0.log"; };
                };
                """.formatted(port, tls ? "yes" : "no", CHANNEL, dir));
        run(List.of("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "irssi", "-x", "200", "-y", "50",
                "irssi --home=" + home));

        awaitMember("irs");
        assertThat(names(capsOf("irs"))).contains("server-time", "multi-prefix", "extended-join", "away-notify", "sasl");
        assertThat(server.<String>onLoop(s -> s.users().find("irs").account)).isEqualTo("irsacct");
        converse("irs");
    }

    private void typeLine(String text) {
        run(List.of("tmux", "-L", socket, "send-keys", "-t", "irssi", "-l", text));
        run(List.of("tmux", "-L", socket, "send-keys", "-t", "irssi", "Enter"));
    }

    @Override
    protected void say(String text) {
        typeLine("/msg " + CHANNEL + " " + text);
    }

    @Override
    protected Path channelLog() {
        return dir.resolve("logs/" + CHANNEL + ".log");
    }

    @Override
    protected String heard(String nick, String text) {
        return "< " + nick + "> " + text;
    }

    @Override
    protected String nickChange(String from, String to) {
        return from + " is now known as " + to;
    }

    @Override
    protected String quit(String nick, String reason) {
        return nick + " [~other@127.0.0.1] has quit [" + reason + "]";
    }

    @AfterEach
    void stopTmux() {
        run(List.of("tmux", "-L", socket, "kill-server"));
    }
}
