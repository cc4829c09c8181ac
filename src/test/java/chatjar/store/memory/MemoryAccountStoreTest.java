package chatjar.store.memory;

import chatjar.store.AccountStore;
import chatjar.store.AccountStoreContract;
import chatjar.store.scram.Scram;

class MemoryAccountStoreTest extends AccountStoreContract {
    private MemoryAccountStore store;

    @Override
    protected AccountStore open() {
        return store = new MemoryAccountStore(Scram.MIN_ITERATIONS);
    }

    @Override
    protected void closeStore() {
        store.close();
    }
}
