package chatjar.client;

/** Where everything the user sees goes: the one place terminal output passes through. */
public interface Output {
    /** Called from the network thread and the input thread, never while the client holds its lock. */
    void show(Line line);

    /** The current window or the window list changed: the screen updates its prompt. */
    default void windowsChanged() { }
}
