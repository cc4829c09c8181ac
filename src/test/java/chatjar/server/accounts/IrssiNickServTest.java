package chatjar.server.accounts;

import chatjar.store.memory.MemoryAccountStore;
import chatjar.store.scram.Scram;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The new user's path: irssi with no SASL configured types {@code /msg NickServ REGISTER} and is logged in. */
@Timeout(90)
class IrssiNickServTest {
    private final String socket = "chatjar-ns-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    private static boolean installed(String binary) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, binary))) return true;
        }
        if (System.getenv("CI") != null) throw new AssertionError(binary + " is not installed");
        return false;
    }

    private void tmux(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("tmux.out").toFile()).redirectInput(new File("/dev/null"));
        pb.environment().put("HOME", dir.toString());
        pb.environment().remove("TMUX");
        Process p = pb.start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void irssiRegistersWithNickServ(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(installed("irssi") && installed("tmux"), "irssi and tmux are needed");
        try (MemoryAccountStore store = new MemoryAccountStore(Scram.MIN_ITERATIONS);
             AccountsServer s = new AccountsServer(store)) {
            Path home = dir.resolve("irssi");
            Files.createDirectories(home);
            Files.writeString(home.resolve("config"), """
                    servers = ( { address = "127.0.0.1"; chatnet = "cj"; port = "%d"; autoconnect = "yes"; } );
                    chatnets = { cj = { type = "IRC"; }; };
                    settings = { core = { real_name = "irssi ns"; user_name = "irsns"; nick = "irsns"; }; };
                    """.formatted(s.port));
            tmux(dir, "-f", "/dev/null", "new-session", "-d", "-s", "irssi", "-x", "200", "-y", "50", "irssi --home=" + home);
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> s.<Boolean>onLoop(x -> {
                    var u = x.users().find("irsns");
                    return u != null && u.registered;
                }));
                tmux(dir, "send-keys", "-t", "irssi", "-l", "/msg NickServ REGISTER irssi-password");
                tmux(dir, "send-keys", "-t", "irssi", "Enter");
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> "irsns".equals(s.<String>onLoop(x -> x.users().find("irsns").account)));
            } finally {
                tmux(dir, "kill-server");
            }
        }
    }
}
