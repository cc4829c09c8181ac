package chatjar.store;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The answer to an asynchronous store call, run on the executor the caller passed: either a value (error null)
 * or an error (value null). Like {@code CompletableFuture.whenComplete}, without the future.
 */
@FunctionalInterface
public interface Completion<T> {
    void complete(T value, Throwable error);

    /**
     * Runs {@code work} (slow: PBKDF2) on {@code worker} and answers on {@code on}; a worker that refuses more
     * (its queue is bounded) is an error answer, never a wait.
     */
    static <T> void offload(Executor worker, Supplier<T> work, Executor on, Completion<T> done) {
        try {
            worker.execute(() -> {
                T value;
                try {
                    value = work.get();
                } catch (RuntimeException e) {
                    on.execute(() -> done.complete(null, e));
                    return;
                }
                on.execute(() -> done.complete(value, null));
            });
        } catch (RejectedExecutionException e) {
            on.execute(() -> done.complete(null, new IllegalStateException("account work is queueing up", e)));
        }
    }
}
