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
 * comments and blank lines allowed). Read once at start-up, off the loop; names match case-insensitively.
 */
public final class Accounts {
    public record Account(String name, String hash) {}

    private final Map<String, Account> byName = new HashMap<>();

    public static Accounts load(Path file) throws IOException {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        }
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

    public int size() {
        return byName.size();
    }
}
