package chatjar.state;

import chatjar.irc.CaseMapping;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The channel registry, by casefolded name. A channel exists from its first join to its last part. */
public final class Channels {
    private final Map<String, Channel> byName = new HashMap<>();

    public Channel find(String name) {
        return byName.get(CaseMapping.fold(name));
    }

    public Channel create(String name, long nowSeconds) {
        Channel ch = new Channel(name, nowSeconds);
        byName.put(ch.nameFolded, ch);
        return ch;
    }

    /** Drops the channel once its last member has gone. */
    public void removeIfEmpty(Channel ch) {
        if (ch.size() == 0) byName.remove(ch.nameFolded);
    }

    public Collection<Channel> all() {
        return byName.values();
    }

    public int count() {
        return byName.size();
    }
}
