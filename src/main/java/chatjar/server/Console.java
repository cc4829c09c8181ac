package chatjar.server;

import chatjar.net.Scheduler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The operator's console on standard input: a plain line is a NOTICE to every user (the tutorial's two-way
 * chat, from the server's side); slash commands inspect and steer. Reading blocks, so it has its own thread
 * and hands every line to the loop through {@link Scheduler#execute}.
 */
public final class Console {
    private Console() {}

    public static void start(ChatServer server, Scheduler loop, Runnable shutdown) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String l = line.strip();
                    if (l.isEmpty()) continue;
                    if (l.equals("/shutdown")) {
                        shutdown.run();
                        return;
                    }
                    loop.execute(() -> handle(server, l));
                }
            } catch (IOException e) {
                // stdin closed: the console simply ends
            }
        }, "console");
        t.setDaemon(true);
        t.start();
    }

    private static void handle(ChatServer server, String line) {
        ServerAdmin admin = server.admin();
        String[] w = line.split(" ", 3);
        switch (w[0]) {
            case "/stats" -> System.out.println(admin.stats());
            case "/users" -> admin.userList().forEach(System.out::println);
            case "/kick" -> {
                if (w.length < 2) System.out.println("usage: /kick NICK [reason]");
                else if (!admin.kill(w[1], w.length > 2 ? w[2] : null)) System.out.println("no such nick: " + w[1]);
            }
            case "/rehash" -> server.rehash().start("console", System.out::println);
            case "/help" -> System.out.println("console: TEXT (notice to all), /stats, /users, /kick NICK [reason], /rehash, /shutdown");
            default -> {
                if (line.startsWith("/")) System.out.println("unknown console command " + w[0] + " (try /help)");
                else admin.noticeAll(line);
            }
        }
    }
}
