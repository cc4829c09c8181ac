package chatjar.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Reads the version Maven wrote into version.properties at build time. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    /** Read once: the welcome burst asks on every registration, and reading the jar on the loop is disk I/O. */
    private static final String VERSION = load();

    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/chatjar/version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[]{"chat.jar " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
