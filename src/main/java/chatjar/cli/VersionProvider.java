package chatjar.cli;

import picocli.CommandLine;

/** picocli's --version: the build's version (see chatjar.server.Version) and the Java running it. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    public static String version() {
        return chatjar.server.Version.current();
    }

    @Override
    public String[] getVersion() {
        return new String[]{"chat.jar " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
