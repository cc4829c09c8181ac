package chatjar.server.caps;

import chatjar.irc.CaseMapping;
import chatjar.server.auth.PasswordHash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The account store behind SASL: {@code name hash} lines from {@code server --accounts FILE} ({@code #}
 * comments and blank lines allowed), or from {@code accounts:} in the config file. Read at start-up and again by
 * REHASH, always off the loop; names match case-insensitively. Immutable once loaded, so a reload swaps the whole
 * store and a SASL check already running keeps the store it started with.
 */
public final class Accounts {
    public record Account(String name, String hash) {}

    private final Map<String, Account> byName = new HashMap<>();

    /** Blocking (disk): start-up and the REHASH thread only. @throws IOException one line naming the file */
    public static Accounts load(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        } catch (IOException e) {
            throw new IOException(file + ": cannot read (" + e + ")");
        }
        return parse(lines, file.toString());
    }

    /** @throws IOException naming the file and line of the first malformed entry */
    public static Accounts parse(List<String> lines, String source) throws IOException {
        Accounts a = new Accounts();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+");
            String problem = parts.length != 2 ? "expected 'name hash'" : PasswordHash.problem(parts[1]);
            if (problem != null) throw new IOException(source + ":" + (i + 1) + ": " + problem);
            a.byName.put(CaseMapping.fold(parts[0]), new Account(parts[0], parts[1]));
        }
        return a;
    }

    public Account find(String name) {
        return byName.get(CaseMapping.fold(name));
    }

    /** Some stored hash, so a login for an unknown name costs as much as a real check (no timing oracle). */
    public String anyHash() {
        return byName.isEmpty() ? null : byName.values().iterator().next().hash();
    }

    /** Every account, for {@code account import}. */
    public java.util.Collection<Account> all() {
        return java.util.Collections.unmodifiableCollection(byName.values());
    }

    public int size() {
        return byName.size();
    }

    /** Same names with the same hashes: a REHASH that changes nothing reports nothing. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Accounts a && a.byName.equals(byName);
    }

    @Override
    public int hashCode() {
        return byName.hashCode();
    }
}
