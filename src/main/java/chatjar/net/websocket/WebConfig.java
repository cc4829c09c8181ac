package chatjar.net.websocket;

import chatjar.net.http.HttpLimits;
import chatjar.net.http.HttpRoutes;

/**
 * What every web connection of a listener shares: request limits, the routes (static files, /metrics), the
 * Origin policy, frame and message limits and the loop's one {@link WebSocketEncoder.FrameCache}. Built once
 * per listener from the config; read-only afterwards, except the cache, which only the loop thread touches.
 */
public record WebConfig(HttpLimits limits, HttpRoutes routes, OriginPolicy origins, int maxFrame, int maxMessage,
                        WebSocketEncoder.FrameCache frames) {
    /** 16 KiB frames and messages: an IRC line with tags is at most 8191 + 512 bytes, so one always fits. */
    public static final int DEFAULT_MAX_MESSAGE = 16 * 1024;

    public static WebConfig defaults(HttpRoutes routes) {
        return new WebConfig(HttpLimits.DEFAULT, routes, OriginPolicy.SAME_ORIGIN, DEFAULT_MAX_MESSAGE,
                DEFAULT_MAX_MESSAGE, new WebSocketEncoder.FrameCache(16));
    }
}
