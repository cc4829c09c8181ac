/**
 * HTTP/1.1 for the web client, as pure codec code: bytes in ({@link chatjar.net.http.HttpRequestParser}),
 * bytes out ({@link chatjar.net.http.HttpResponse}), static files from the jar and {@code /metrics}. No sockets,
 * no NIO, no threads: a reactor layer feeds it what it reads and sends what it returns.
 */
package chatjar.net.http;
