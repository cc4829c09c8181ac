package chatjar.web;

import chatjar.server.Storage;
import chatjar.store.StoreStartException;
import chatjar.store.sqlite.SqliteOptions;
import chatjar.testing.IrcTestClient;
import chatjar.testing.WebTestServer;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web client in real browsers (Debian's headless Chromium) against the real server, with an IRC client
 * over TCP in the same channels. Two browsers for the whole class, so the suite stays well under a minute.
 * Screenshots go to {@code target/screenshots}, or to {@code -Dchatjar.screenshots=docs/web} to refresh the
 * ones in the docs.
 */
@Timeout(120)
class WebClientBrowserTest {
    static final Path SHOTS = Path.of(System.getProperty("chatjar.screenshots", "target/screenshots"));
    static WebTestServer server;
    static Browser alice;
    static Browser bea;
    static String url;

    @BeforeAll
    static void start() {
        assumeTrue(Browser.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        server = new WebTestServer();
        url = "http://127.0.0.1:" + server.port + "/";
        alice = new Browser(1180, 760);
        bea = new Browser(1180, 760);
    }

    @AfterAll
    static void stop() {
        if (alice != null) alice.close();
        if (bea != null) bea.close();
        if (server != null) server.close();
    }

    @Test
    void twoBrowsersAndAnIrcClientChatInAChannelAndInDirectMessages() {
        alice.connect(url, "alice", "#web");
        bea.connect(url, "bea", "#web");
        try (IrcTestClient tcp = server.register("tcpuser")) {
            tcp.send("JOIN #web");
            tcp.expect("366");
            alice.say("/topic Browsers and IRC clients, one channel");
            tcp.expect("TOPIC", "#web", "Browsers and IRC clients, one channel");
            bea.waiting().until(d -> bea.byId("buffer-topic").getText().equals("Browsers and IRC clients, one channel"));

            alice.say("hello from a browser");
            bea.sees("hello from a browser");
            tcp.expect("PRIVMSG", "#web", "hello from a browser");
            tcp.send("PRIVMSG #web :hello from irssi's cousin, the docs are at https://example.org/chat");
            alice.sees("hello from irssi's cousin");
            bea.sees("hello from irssi's cousin");
            assertThat(bea.driver.findElement(By.cssSelector("#messages a[href='https://example.org/chat']")).getAttribute("rel"))
                    .isEqualTo("noopener noreferrer");
            bea.say("/me waves at tcpuser");
            tcp.expect("PRIVMSG", "#web", "\u0001ACTION waves at tcpuser\u0001");
            alice.sees("waves at tcpuser");

            // direct messages: TCP to a browser and back, browser to browser
            tcp.send("PRIVMSG alice :psst, alice");
            alice.open("tcpuser");
            alice.sees("psst, alice");
            alice.say("hi back over the web");
            tcp.expect("PRIVMSG", "tcpuser", "hi back over the web");
            bea.say("/msg alice a word from bea");
            alice.open("bea");
            alice.sees("a word from bea");

            alice.open("#web");
            alice.sees("waves at tcpuser");
            alice.screenshot(SHOTS.resolve("desktop.png"));
        }
    }

    @Test
    void htmlInAMessageIsShownAsText() {
        alice.connect(url, "alice2", "#xss");
        try (IrcTestClient tcp = server.register("mallory")) {
            tcp.send("JOIN #xss");
            tcp.expect("366");
            String attack = "<img src=x onerror=alert(1)> <b>bold?</b>";
            tcp.send("PRIVMSG #xss :" + attack);
            alice.sees(attack);
            assertThat(alice.driver.findElements(By.cssSelector("#messages img, #messages b"))).isEmpty();
            assertThatThrownBy(() -> alice.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        }
    }

    @Test
    void aPageFromAnotherOriginCannotOpenAWebSocket() throws Exception {
        // A page on another port is another origin; it has no CSP of ours, so only the server can stop it.
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = ("<!doctype html><title>pending</title><script>"
                + "const ws = new WebSocket('ws://127.0.0.1:" + server.port + "/', 'text.ircv3.net');"
                + "ws.onopen = () => { document.title = 'opened'; };"
                + "ws.onclose = (e) => { if (document.title === 'pending') document.title = 'refused ' + e.code; };"
                + "</script>").getBytes(StandardCharsets.UTF_8);
        other.createContext("/", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        other.start();
        try {
            long sessions = server.onLoop(s -> server.web.metrics().sessionsTotal());
            bea.driver.get("http://127.0.0.1:" + other.getAddress().getPort() + "/");
            bea.waiting().until(d -> !d.getTitle().equals("pending"));
            assertThat(bea.driver.getTitle()).isEqualTo("refused 1006"); // the handshake failed: never opened
            long after = server.onLoop(s -> server.web.metrics().sessionsTotal());
            assertThat(after).as("no chat session for a foreign page").isEqualTo(sessions);
        } finally {
            other.stop(0);
        }
    }

    @Test
    void onAPhoneTheSidebarTogglesAndTheChatIsUsable() {
        Dimension desktop = bea.driver.manage().window().getSize();
        try (IrcTestClient tcp = server.register("desk")) {
            bea.driver.manage().window().setSize(new Dimension(390, 844));
            bea.connect(url, "phoebe", "#phone");
            tcp.send("JOIN #phone");
            tcp.expect("366");
            tcp.send("PRIVMSG #phone :does it fit on a phone?");
            bea.sees("does it fit on a phone?");
            WebElement toggle = bea.byId("toggle-sidebar");
            WebElement sidebar = bea.byId("sidebar");
            assertThat(toggle.isDisplayed()).isTrue();
            assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
            assertThat(onScreen(sidebar)).as("the sidebar starts hidden on a phone").isFalse();
            bea.say("it does");
            tcp.expect("PRIVMSG", "#phone", "it does");
            bea.screenshot(SHOTS.resolve("phone.png"));

            toggle.click();
            bea.waiting().until(d -> onScreen(sidebar));
            assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
            bea.screenshot(SHOTS.resolve("phone-sidebar.png"));
            bea.open("Server"); // choosing a buffer closes the sidebar again
            bea.waiting().until(d -> !onScreen(sidebar));
            bea.byId("composer-input").sendKeys("/join #phone");
            bea.byId("composer").submit();
            bea.waiting().until(d -> bea.byId("buffer-name").getText().equals("#phone"));
        } finally {
            bea.driver.manage().window().setSize(desktop);
        }
    }

    /**
     * Page load to first message: a returning guest (saved in localStorage) opens the page, which connects by
     * itself; the time from navigation start to the first row in the channel (its own join) is measured in the
     * page (a MutationObserver installed before any script runs) and reported.
     */
    @Test
    void pageLoadToFirstMessageIsReported() {
        alice.driver.get(url);
        alice.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
                "new MutationObserver(() => { if (!window.__first && document.querySelector('#messages .msg'))"
                        + " window.__first = performance.now(); }).observe(document, {childList: true, subtree: true});"));
        java.util.List<Double> ms = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alice.driver.executeScript("localStorage.setItem('chatjar', JSON.stringify({nick: arguments[0], mode: 'guest',"
                    + " channels: ['#speed'], autoconnect: true}))", "speedy" + i);
            alice.driver.get(url);
            alice.waiting().until(d -> alice.driver.executeScript("return window.__first") != null);
            ms.add(((Number) alice.driver.executeScript("return window.__first")).doubleValue());
        }
        java.util.Collections.sort(ms);
        System.out.printf("page load to first message over loopback (ms, 5 loads, sorted): %s%n", ms);
        assertThat(ms.get(2)).as("median page load to first message, ms").isLessThan(5000);
    }

    /** True when the element is displayed and at least half of it lies inside the window. */
    private static boolean onScreen(WebElement e) {
        if (!e.isDisplayed()) return false;
        Number visible = (Number) bea.driver.executeScript(
                "const r = arguments[0].getBoundingClientRect();"
                        + "const w = Math.min(r.right, innerWidth) - Math.max(r.left, 0);"
                        + "return r.width > 0 ? w / r.width : 0;", e);
        return visible.doubleValue() > 0.5;
    }

    /**
     * A reload drops the page's scrollback (it keeps none of its own by design); the returning guest reconnects
     * by itself, rejoins and asks CHATHISTORY LATEST, which brings back every line exactly once.
     */
    @Test
    @Timeout(60)
    void aReloadKeepsTheScrollback() {
        try (WebTestServer history = new WebTestServer(Storage.memory(), 0);
             IrcTestClient tcp = history.register("teller")) {
            String page = "http://127.0.0.1:" + history.port + "/";
            tcp.send("JOIN #reload");
            tcp.expect("366");
            tcp.send("PRIVMSG #reload :said before the page came <r1>");
            alice.connect(page, "reader", "#reload");
            alice.sees("<r1>"); // LATEST on join
            tcp.send("PRIVMSG #reload :said while it watched <r2>");
            tcp.send("PRIVMSG #reload :and one more <r3>");
            alice.sees("<r3>");
            alice.driver.navigate().refresh();
            alice.waiting().until(d -> alice.byId("buffer-name").getText().equals("#reload"));
            alice.sees("<r3>");
            assertShownOnce(alice, "<r1>", "<r2>", "<r3>");
        }
    }

    /**
     * The server stops and another starts on the same port and SQLite data; the page reconnects by itself, and
     * what was said while it was away comes from CHATHISTORY AFTER its newest msgid, each line once: the lines
     * from before the restart are not fetched again, and none said meanwhile is missing.
     */
    @Test
    @Timeout(60)
    void afterAServerRestartThePageReconnectsAndShowsWhatWasSaidMeanwhileOnce(@TempDir Path data) throws Exception {
        WebTestServer first = new WebTestServer(onDisk(data), 0);
        int port = first.port;
        String page = "http://127.0.0.1:" + port + "/";
        try (IrcTestClient tcp = first.register("teller")) {
            tcp.send("JOIN #restart");
            tcp.expect("366");
            tcp.send("PRIVMSG #restart :before the restart <b1>");
            bea.connect(page, "watcher", "#restart");
            bea.sees("<b1>");
            tcp.send("PRIVMSG #restart :still before <b2>");
            bea.sees("<b2>");
            // count the page's connection attempts, to know when one has failed against the stopped server
            bea.driver.executeScript("const Real = window.WebSocket; window.__attempts = 0;"
                    + "window.WebSocket = class extends Real { constructor(...a) { super(...a); window.__attempts++; } };");
        } finally {
            first.close();
        }
        bea.waiting().withMessage("the page never tried to reconnect and failed").until(d -> Boolean.TRUE.equals(
                bea.driver.executeScript("return window.__attempts >= 1"
                        + " && document.getElementById('status').className.includes('reconnecting')")));
        // the next attempt is at least a second away: said now, these lines can only come from history
        try (WebTestServer second = new WebTestServer(onDisk(data), port);
             IrcTestClient tcp = second.register("teller")) {
            tcp.send("JOIN #restart");
            tcp.expect("366");
            tcp.send("PRIVMSG #restart :while the page was away <m1>");
            tcp.send("PRIVMSG #restart :and again <m2>");
            tcp.send("PRIVMSG #restart :and a third time <m3>");
            tcp.expect("JOIN", "#restart"); // the page is back
            bea.sees("<m3>");
            tcp.send("PRIVMSG #restart :live again <a1>");
            bea.sees("<a1>");
            assertShownOnce(bea, "<b1>", "<b2>", "<m1>", "<m2>", "<m3>", "<a1>");
        }
    }

    private static Storage onDisk(Path data) throws StoreStartException {
        return Storage.open(data, SqliteOptions.defaults().withScramIterations(4096));
    }

    /** Each marker in the visible message log exactly once. */
    private static void assertShownOnce(Browser b, String... markers) {
        String log = b.byId("messages").getText();
        for (String m : markers) {
            int n = log.split(java.util.regex.Pattern.quote(m), -1).length - 1;
            assertThat(n).as("times %s is shown in:%n%s", m, log).isEqualTo(1);
        }
    }
}
