package chatjar.store;

/**
 * The answer to an asynchronous store call, run on the executor the caller passed: either a value (error null)
 * or an error (value null). Like {@code CompletableFuture.whenComplete}, without the future.
 */
@FunctionalInterface
public interface Completion<T> {
    void complete(T value, Throwable error);
}
