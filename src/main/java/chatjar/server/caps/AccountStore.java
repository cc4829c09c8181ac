package chatjar.server.caps;

import java.util.function.Consumer;

/**
 * Holds the current SASL {@link Accounts} (null: none, and then sasl is not offered). Replaced whole at start-up
 * and by a REHASH; volatile because the REHASH thread compares it before the swap is made on the loop.
 */
public final class AccountStore {
    private volatile Accounts current;
    private Consumer<Boolean> offerChanged = offered -> { };

    public Accounts get() {
        return current;
    }

    /** Called with true/false when sasl starts or stops being offered (CAP NEW / CAP DEL follow). */
    public void onOfferChanged(Consumer<Boolean> listener) {
        this.offerChanged = listener;
    }

    public void set(Accounts next) {
        boolean offered = current != null;
        this.current = next;
        if (offered != (next != null)) offerChanged.accept(next != null);
    }
}
