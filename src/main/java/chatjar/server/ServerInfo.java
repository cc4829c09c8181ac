package chatjar.server;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What the server says about itself and never changes while it runs (a REHASH keeps the running name and
 * network): handlers that greet or answer VERSION take this instead of the whole config.
 */
public record ServerInfo(String name, String network, String version, String createdText) {
    public static ServerInfo of(ServerConfig config) {
        return new ServerInfo(config.name(), config.network(), "chat.jar-" + Version.current(),
                ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
    }
}
