package chatjar.cli;

import chatjar.net.websocket.WebConfig;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The server's web options, a picocli mixin like {@link TlsOptions}; as for every option, the config file
 * may set them by name ({@code web-origins: "https://chat.example.org"}).
 */
public final class WebOptions {
    @Option(names = "--web", arity = "1", paramLabel = "true|false",
            description = "Serve the web client, WebSocket and /metrics on the IRC port (https and wss on the TLS port).")
    boolean web = true;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Also serve HTTP and WebSocket only, on this port.")
    Integer httpPort;

    @Option(names = "--web-origins", split = ",", paramLabel = "ORIGIN",
            description = "Other web origins whose pages may open a WebSocket (e.g. https://chat.example.org), or *. Pages served by this server always may.")
    List<String> origins = new ArrayList<>();

    @Option(names = "--metrics-allow", split = ",", paramLabel = "CIDR",
            description = "Addresses allowed to GET /metrics; none turns /metrics off.")
    List<String> metricsAllow = new ArrayList<>(WebWiring.Settings.defaults().metricsAllow());

    @Option(names = "--ws-max-message", paramLabel = "BYTES", description = "Largest WebSocket frame or message a client may send.")
    int maxMessage = WebConfig.DEFAULT_MAX_MESSAGE;

    @Option(names = "--http-max-per-ip", paramLabel = "N",
            description = "Connections one network may hold in the HTTP phase (page loads, /metrics, WebSocket handshakes); "
                    + "0 for no cap. Networks and exemptions as for --max-per-ip; an upgraded WebSocket counts there.")
    int httpPerIp = WebWiring.Settings.defaults().httpPerIp();

    WebWiring.Settings settings() {
        List<String> allow = metricsAllow.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (allow.size() == 1 && allow.get(0).equalsIgnoreCase("none")) allow = List.of();
        List<String> o = origins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        return WebWiring.Settings.defaults().withOrigins(o).withMetricsAllow(allow).withMaxMessage(maxMessage).withHttpPerIp(httpPerIp);
    }
}
