package chatjar.server.auth;

import chatjar.net.reactor.EventLoop;
import chatjar.net.LinkHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class PasswordHashTest {
    @Test
    void hashVerifiesOnlyItsOwnPassword() {
        String h = PasswordHash.hash("correct horse".toCharArray(), 2000);
        assertThat(h).matches("pbkdf2-sha256\\$2000\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
        assertThat(PasswordHash.verify(h, "correct horse".toCharArray())).isTrue();
        assertThat(PasswordHash.verify(h, "correct hors".toCharArray())).isFalse();
        assertThat(PasswordHash.problem(h)).isNull();
    }

    @Test
    void samePasswordGetsDifferentSalts() {
        assertThat(PasswordHash.hash("pw".toCharArray(), 1000)).isNotEqualTo(PasswordHash.hash("pw".toCharArray(), 1000));
    }

    @Test
    void malformedHashesNeverMatchAndAreExplained() {
        for (String bad : new String[]{null, "", "secret", "pbkdf2-sha256$x$a$b", "pbkdf2-sha256$10$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
                "pbkdf2-sha256$2000$!!$??", "md5$1$2$3", "pbkdf2-sha256$2000$AAAAAAAAAAA"}) {
            assertThat(PasswordHash.verify(bad, "secret".toCharArray())).as(bad).isFalse();
            assertThat(PasswordHash.problem(bad)).as(bad).isNotNull();
        }
    }

    @Test
    void workerAnswersOnTheLoopThread() throws Exception {
        EventLoop loop = new EventLoop(link -> new LinkHandler() {
            @Override public void onLine(byte[] buf, int off, int len) { }
            @Override public void onLineTooLong() { }
            @Override public void onClose(String reason) { }
        }, 512);
        loop.start();
        HashWorker worker = new HashWorker(loop);
        try {
            String h = PasswordHash.hash("pw".toCharArray(), 1000);
            CompletableFuture<Boolean> good = new CompletableFuture<>();
            AtomicReference<Boolean> onLoop = new AtomicReference<>();
            worker.verify(h, "pw", ok -> {
                onLoop.set(loop.inLoop());
                good.complete(ok);
            });
            CompletableFuture<Boolean> bad = new CompletableFuture<>();
            worker.verify(h, "nope", bad::complete);
            assertThat(good.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(onLoop.get()).isTrue();
            assertThat(bad.get(10, TimeUnit.SECONDS)).isFalse();
        } finally {
            worker.shutdown();
            loop.close();
        }
    }
}
