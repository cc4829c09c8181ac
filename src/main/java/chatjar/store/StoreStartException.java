package chatjar.store;

/**
 * A store that cannot start, for a reason the user can fix. {@link #getMessage()} is one line fit to print
 * before exiting 1, naming the file and what to do.
 */
public final class StoreStartException extends Exception {
    public enum Reason { NOT_WRITABLE, LOCKED, TOO_NEW, CORRUPT, IO }

    private final Reason reason;

    public StoreStartException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
