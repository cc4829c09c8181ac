package chatjar.net.http;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the web client's own tests (src/test/js/web, Node's built-in runner, no npm packages) as part of
 * {@code mvn verify}, so a change to the JavaScript is tested like a change to the Java. Skipped where no
 * {@code node} is installed.
 */
class WebClientJsTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void nodeTestsPass() throws IOException, InterruptedException {
        Path tests = Path.of("src/test/js/web");
        Assumptions.assumeTrue(Files.isDirectory(tests), "run from the project root");
        Assumptions.assumeTrue(onPath("node"), "node is not installed");
        Path out = Files.createTempFile("node-test", ".txt");
        try {
            Process p = new ProcessBuilder("node", "--test", tests.toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(110, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("node --test did not finish");
            }
            String log = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(log).isZero();
            assertThat(log).contains("# fail 0").containsPattern("# pass [1-9]");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) if (Files.isExecutable(Path.of(dir, exe))) return true;
        return false;
    }
}
