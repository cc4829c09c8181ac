package chatjar.net.websocket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in, in tests only, for the reactor layer that is not wired yet: a thread per socket drives a
 * {@link WebConnection} exactly as the layer will (feed what was read; send what Io.send gives; frame what the
 * IRC side sends), and each WebSocket is bridged to the real chat server over TCP. One lock stands for the one
 * loop thread, since WebConnection and the shared frame cache are single-threaded by design.
 */
final class BlockingWebBridge implements AutoCloseable {
    private final ServerSocket listener;
    private final WebConfig config;
    private final int ircPort;
    private final Object loop = new Object();

    BlockingWebBridge(WebConfig config, int ircPort) throws IOException {
        this.config = config;
        this.ircPort = ircPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "web-bridge-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = listener.accept();
                Thread t = new Thread(() -> serve(s), "web-bridge-conn");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(30_000);
            OutputStream toClient = client.getOutputStream();
            Socket[] irc = {null};
            WebConnection[] conn = {null};
            conn[0] = new WebConnection(config, client.getInetAddress().getHostAddress(), false, new WebConnection.Io() {
                public void send(byte[] bytes) {
                    write(toClient, bytes);
                }

                public void opened(WebSocketMode mode) {
                    try {
                        irc[0] = new Socket(InetAddress.getLoopbackAddress(), ircPort);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    Socket ircSocket = irc[0];
                    Thread t = new Thread(() -> pump(ircSocket, conn[0], toClient), "web-bridge-irc");
                    t.setDaemon(true);
                    t.start();
                }

                public boolean line(byte[] buf, int off, int len) {
                    try {
                        OutputStream o = irc[0].getOutputStream();
                        o.write(buf, off, len);
                        o.write('\r');
                        o.write('\n');
                        o.flush();
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                }

                public void close(String reason) {
                    try {
                        client.shutdownOutput();
                        if (irc[0] != null) irc[0].close();
                    } catch (IOException e) {
                        // already gone
                    }
                }
            });
            InputStream in = client.getInputStream();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (loop) {
                    conn[0].feed(buf, 0, n);
                }
            }
            if (irc[0] != null) irc[0].close();
        } catch (IOException e) {
            // the test client went away
        }
    }

    /** The server's lines to the WebSocket client: framed through the shared cache, as the layer will. */
    private void pump(Socket irc, WebConnection conn, OutputStream toClient) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(irc.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                byte[] framed;
                synchronized (loop) {
                    framed = conn.frame((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
                write(toClient, framed);
            }
            synchronized (loop) {
                conn.close(CloseCode.NORMAL, "Connection closed");
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void write(OutputStream out, byte[] bytes) {
        try {
            synchronized (out) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            // the peer went away; its reader ends the connection
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
