package chatjar.server.caps;

import java.util.function.Consumer;

/**
 * Holds the current SASL {@link Accounts} file (null: none; sasl is then offered only if an account store is).
 * Replaced whole at start-up and by a REHASH; volatile because the REHASH thread compares it before the swap is
 * made on the loop.
 */
public final class AccountStore {
    private volatile Accounts current;
    /** A registration store is behind SASL too (fixed at start-up): sasl is offered even without a file. */
    private volatile boolean backed;
    private Consumer<Boolean> offerChanged = offered -> { };

    public Accounts get() {
        return current;
    }

    /** Whether sasl is offered: there is a store, or a file with accounts. */
    public boolean offered() {
        return backed || current != null;
    }

    public boolean backed() {
        return backed;
    }

    /** At start-up, before any client connects: a store exists, so sasl and account registration are offered. */
    public void setBacked(boolean backed) {
        this.backed = backed;
    }

    /** Called with true/false when sasl starts or stops being offered (CAP NEW / CAP DEL follow). */
    public void onOfferChanged(Consumer<Boolean> listener) {
        this.offerChanged = listener;
    }

    public void set(Accounts next) {
        boolean offered = offered();
        this.current = next;
        if (offered != offered()) offerChanged.accept(offered());
    }
}
