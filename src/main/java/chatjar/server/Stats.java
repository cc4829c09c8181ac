package chatjar.server;

/** Counters for the console's /stats; bumped on the loop thread only. */
public final class Stats {
    long linesIn;
    long connectionsTotal;
    long refusedTotal;

    public long linesIn() { return linesIn; }
    public long connectionsTotal() { return connectionsTotal; }
    public long refusedTotal() { return refusedTotal; }
}
