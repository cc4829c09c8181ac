package chatjar.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** Turns an asynchronous store call into a value for tests (bounded wait, no sleeping). */
public final class Await {
    private Await() {}

    public static final Executor DIRECT = Runnable::run;

    public static <T> T result(BiConsumer<Executor, Completion<T>> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        call.accept(DIRECT, (v, e) -> {
            if (e != null) f.completeExceptionally(e);
            else f.complete(v);
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("store call failed", e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static StoredEvent event(String target, long seq, String text) {
        return new StoredEvent(target, target, seq, EventKind.PRIVMSG, "n!u@h", null, null, text);
    }
}
