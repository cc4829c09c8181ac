package chatjar.net.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The web client's files, read from the jar once at startup (never on the loop: reading a jar entry is
 * blocking I/O) and served from memory. Each file carries a strong {@code ETag} (a digest of its bytes) so a
 * browser revalidates with {@code If-None-Match} and gets a bodiless 304, and, when the client accepts gzip and
 * compression saves at least a tenth, a gzip variant compressed here once rather than per request.
 *
 * <p>{@code Cache-Control: no-cache} on everything: the ES modules import each other by fixed names, so a
 * browser must revalidate rather than keep an old {@code state.js} beside a new {@code app.js}. A 304 costs one
 * small response.
 */
public final class StaticFiles {
    /** One file in both encodings; bodies are shared by every response that serves them. */
    record File(String contentType, byte[] raw, String etag, byte[] gzip, String gzipEtag) {}

    private final Map<String, File> files;

    /** Serves {@code contents} (path from the web root without a leading slash, e.g. "app/irc.js" → bytes). */
    public StaticFiles(Map<String, byte[]> contents) {
        Map<String, File> m = new HashMap<>();
        contents.forEach((name, bytes) -> m.put("/" + name, prepare(name, bytes)));
        this.files = Map.copyOf(m);
    }

    /** Loads every resource under {@code root} (e.g. "web/") from the class path, in a directory or a jar. */
    public static StaticFiles fromClasspath(ClassLoader loader, String root) {
        String dir = root.endsWith("/") ? root : root + "/";
        URL url = loader.getResource(dir);
        if (url == null) throw new IllegalStateException("no " + dir + " on the class path");
        Map<String, byte[]> contents = new TreeMap<>();
        try {
            if (url.getProtocol().equals("jar")) {
                JarURLConnection c = (JarURLConnection) url.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = c.getJarFile()) {
                    for (JarEntry e : jar.stream().toList()) {
                        if (e.isDirectory() || !e.getName().startsWith(dir)) continue;
                        try (InputStream in = jar.getInputStream(e)) {
                            contents.put(e.getName().substring(dir.length()), in.readAllBytes());
                        }
                    }
                }
            } else {
                Path base = Path.of(url.toURI());
                try (Stream<Path> walk = Files.walk(base)) {
                    for (Path p : walk.filter(Files::isRegularFile).toList())
                        contents.put(base.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new StaticFiles(contents);
    }

    /** Number of files served; for logs and tests. */
    public int size() {
        return files.size();
    }

    /** True if {@code path} ("/" meaning "/index.html") names a file. */
    public boolean has(String path) {
        return files.containsKey(normalise(path));
    }

    /**
     * The response for a GET or HEAD, or null when no file has that path (the caller answers 404). Paths are
     * looked up verbatim in a map of known names, so "..", "%2e" and the like simply find nothing.
     */
    public HttpResponse respond(HttpRequest req) {
        File f = files.get(normalise(req.path()));
        if (f == null) return null;
        boolean gz = f.gzip != null && acceptsGzip(req.header("accept-encoding"));
        String etag = gz ? f.gzipEtag : f.etag;
        boolean fresh = etagMatches(req.header("if-none-match"), etag);
        HttpResponse r = HttpResponse.of(fresh ? HttpStatus.NOT_MODIFIED : HttpStatus.OK);
        if (!fresh) {
            r.body(gz ? f.gzip : f.raw, f.contentType);
            if (gz) r.header("Content-Encoding", "gzip");
        }
        r.header("ETag", etag).header("Cache-Control", "no-cache");
        if (f.gzip != null) r.header("Vary", "Accept-Encoding");
        if (req.isHead()) r.omitBody();
        return r;
    }

    private static String normalise(String path) {
        return path.equals("/") ? "/index.html" : path;
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) return false;
        double gzip = -1, star = -1;
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.split(";");
            String coding = p[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].trim();
                if (param.startsWith("q=") || param.startsWith("Q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) gzip = Math.max(gzip, q);
            else if (coding.equals("*")) star = q;
        }
        return gzip >= 0 ? gzip > 0 : star > 0;
    }

    private static boolean etagMatches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.trim();
            if (tag.startsWith("W/")) tag = tag.substring(2); // If-None-Match compares weakly (RFC 9110 §13.1.2)
            if (tag.equals("*") || tag.equals(etag)) return true;
        }
        return false;
    }

    private static File prepare(String name, byte[] raw) {
        String type = contentType(name);
        String digest = HexFormat.of().formatHex(sha256(raw), 0, 12);
        byte[] gz = compressible(type) && raw.length >= 256 ? gzip(raw) : null;
        if (gz != null && gz.length > raw.length * 9L / 10) gz = null;
        return new File(type, raw, "\"" + digest + "\"", gz, gz == null ? null : "\"" + digest + "-gz\"");
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json" -> "application/json";
            case "webmanifest" -> "application/manifest+json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }

    private static boolean compressible(String type) {
        return type.startsWith("text/") || type.startsWith("application/json")
                || type.startsWith("application/manifest") || type.startsWith("image/svg");
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
