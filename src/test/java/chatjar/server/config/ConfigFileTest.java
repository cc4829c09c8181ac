package chatjar.server.config;

import chatjar.server.ServerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The config file's checks: every mistake is one line naming the file and the key. */
class ConfigFileTest {
    static final Set<String> OPTIONS = Set.of("bind", "port", "name", "network", "password", "motd", "accounts",
            "default-channel", "log-messages", "log-level", "console", "max-clients", "sendq", "ping-interval",
            "ping-timeout", "registration-timeout", "max-per-ip", "flood-burst", "flood-rate", "config");

    private static ConfigFile parse(String yaml) throws ConfigException {
        return ConfigFile.parse("chat.yaml", yaml, OPTIONS);
    }

    private static void rejects(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void theExampleInTheOperationsGuideIsValidAndSetsEveryLimit() throws Exception {
        String doc = Files.readString(Path.of("docs/operations.md"));
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).isTrue();
        ConfigFile cf = parse(m.group(1));
        assertThat(cf.options()).containsEntry("name", "irc.example.org").containsEntry("log-messages", false);
        assertThat(cf.listeners()).containsExactly(new ConfigFile.Listener("0.0.0.0", 6667), new ConfigFile.Listener("::", 6667));
        assertThat(cf.tls().port()).isEqualTo(6697);
        assertThat(cf.tls().cert()).endsWith("fullchain.pem");
        assertThat(cf.operators()).extracting(ServerConfig.Operator::name).containsExactly("admin");
        assertThat(cf.motdText()).containsExactly("Welcome to ExampleNet.", "Be kind. Operators: /msg admin.");
        for (LimitKeys.Key k : LimitKeys.ALL) {
            assertThat(cf.setsLimit(k.name())).as(k.name()).isTrue();
            assertThat(doc).as("documented: " + k.name()).contains("`" + k.name() + "`");
        }
        // The example documents the defaults: applying it to the defaults changes nothing.
        ServerConfig.Limits d = ServerConfig.Limits.defaults();
        assertThat(cf.applyLimits(d.toBuilder()).build()).isEqualTo(d);
    }

    @Test
    void limitsAreParsedAndChecked() throws Exception {
        ServerConfig.Limits l = parse("limits:\n  sendq: 64k\n  max-per-ip: 0\n  exempt: []\n  flood-rate: 0.5\n")
                .applyLimits(ServerConfig.Limits.defaults().toBuilder()).build();
        assertThat(l.sendqBytes()).isEqualTo(65536);
        assertThat(l.maxPerIp()).isZero();
        assertThat(l.exempt()).isEmpty();
        assertThat(l.floodPerSecond()).isEqualTo(0.5);
        rejects("limits:\n  max-per-ip: lots\n", "chat.yaml: limits.max-per-ip: expected a whole number >= 0, got \"lots\"");
        rejects("limits:\n  max-per-ip: -1\n", "chat.yaml: limits.max-per-ip: expected a whole number >= 0, got -1");
        rejects("limits:\n  ipv6-prefix: 129\n", "chat.yaml: limits.ipv6-prefix: expected a whole number from 0 to 128, got 129");
        rejects("limits:\n  sendq: 1x\n", "chat.yaml: limits.sendq: expected a size of at least 1024 bytes, like 1048576, 512k or 1m, got \"1x\"");
        rejects("limits:\n  exempt: [localhost]\n", "chat.yaml: limits.exempt: not an IP address: localhost, got a list");
        rejects("limits:\n  nick-len: 9\n", "chat.yaml: limits.nick-len: unknown limit (see docs/operations.md for the list)");
        rejects("limits: 5\n", "chat.yaml: limits: expected a section of key: value lines, got 5");
        assertThat(parse("limits:\n  client-tag-deny: \"*,-draft/react\"\n").applyLimits(ServerConfig.Limits.defaults().toBuilder())
                .build().clientTagDeny()).containsExactly("*", "-draft/react");
        assertThat(parse("limits:\n  client-tag-deny: [typing, example.com/x]\n").applyLimits(ServerConfig.Limits.defaults().toBuilder())
                .build().clientTagDeny()).containsExactly("typing", "example.com/x");
        rejects("limits:\n  client-tag-deny: [+typing]\n", "chat.yaml: limits.client-tag-deny: write tag names without their +: typing, not +typing, got a list");
        rejects("limits:\n  client-tag-deny: -typing\n", "chat.yaml: limits.client-tag-deny: an exemption (-typing) only means something after *, got \"-typing\"");
    }

    @Test
    void unknownKeysAndMisplacedLimitsAreNamed() {
        rejects("prot: 1\n", "chat.yaml: prot: unknown key (known: accounts, bind, console, default-channel, "
                + "limits, listen, log-level, log-messages, motd, motd-text, name, network, operators, password, port, tls)");
        rejects("max-clients: 5\n", "chat.yaml: max-clients: belongs under limits:");
        rejects("config: other.yaml\n", "chat.yaml: config: unknown key (known: accounts, bind, console, default-channel, "
                + "limits, listen, log-level, log-messages, motd, motd-text, name, network, operators, password, port, tls)");
        rejects("tls:\n  certificate: x\n", "chat.yaml: tls.certificate: unknown key (known: bind, cert, key, keystore, keystore-password, port, self-signed)");
        rejects("listen:\n  - port: 70000\n", "chat.yaml: listen[0].port: expected a port number 0-65535, got 70000");
    }

    @Test
    void operatorsNeedHashedPasswords() {
        rejects("operators:\n  - name: admin\n    password: hunter2\n",
                "chat.yaml: operators[0].password: not a pbkdf2-sha256 hash (make one with: chat.jar passwd)");
        rejects("operators:\n  - name: admin\n", "chat.yaml: operators[0].password: missing");
        rejects("operators:\n  name: admin\n", "chat.yaml: operators: expected a list (lines starting with -), got a section");
    }

    @Test
    void yamlMistakesNameTheLine() {
        rejects("name: a\nname: b\n", "chat.yaml: line 2: not valid YAML: found duplicate key name");
        assertThatThrownBy(() -> parse("a: [1\n")).hasMessageStartingWith("chat.yaml: line 2: not valid YAML:");
        rejects("motd: a.txt\nmotd-text: hi\n", "chat.yaml: motd-text: give either motd (a file) or motd-text, not both");
    }

    @Test
    void emptyFileIsAnEmptyConfig() throws Exception {
        ConfigFile cf = parse("# nothing yet\n");
        assertThat(cf.options()).isEmpty();
        assertThat(cf.operators()).isNull();
        assertThat(List.of()).isEmpty();
    }
}
