package chatjar.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One script, sent by its SHA1 (EVALSHA), and as text when Redis does not know it (NOSCRIPT: a Redis restarted
 * empty, or the first call). Never blocks; a refused command (Redis away) is a failed stage, not a throw.
 */
final class Lua {
    private static final String[] NO_KEYS = new String[0];
    private final String text;
    private final String sha;

    Lua(String text) {
        this.text = text;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    <T> CompletionStage<T> run(RedisAsyncCommands<String, String> redis, ScriptOutputType type, String... args) {
        CompletableFuture<T> out = new CompletableFuture<>();
        try {
            redis.<T>evalsha(sha, type, NO_KEYS, args).whenComplete((r, err) -> {
                if (err == null) {
                    out.complete(r);
                    return;
                }
                if (!(unwrap(err) instanceof RedisNoScriptException)) {
                    out.completeExceptionally(err);
                    return;
                }
                try {
                    redis.<T>eval(text, type, NO_KEYS, args).whenComplete((r2, err2) -> {
                        if (err2 != null) out.completeExceptionally(err2);
                        else out.complete(r2);
                    });
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
        }
        return out;
    }

    /**
     * Caches the script in Redis now (at start, off the loop), so that its first run is one EVALSHA: the text sent
     * again after a NOSCRIPT goes after whatever followed on the connection, and a read would overtake this write.
     */
    void load(io.lettuce.core.api.sync.RedisCommands<String, String> redis) {
        redis.scriptLoad(text);
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
