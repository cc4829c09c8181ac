package chatjar.web;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One headless Debian Chromium driven by Debian's chromedriver, both at fixed paths: nothing is downloaded
 * (Selenium Manager only runs when no driver is given). Each browser has its own throwaway profile.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(20);

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    Browser(int width, int height) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        try {
            profile = Files.createTempDirectory("chatjar-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        driver.manage().window().setSize(new Dimension(width, height));
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    /** Waits; an element the page redrew meanwhile (the sidebar is drawn whole) just means: look again. */
    WebDriverWait waiting() {
        WebDriverWait w = new WebDriverWait(driver, WAIT, Duration.ofMillis(50));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    /** Opens the page and connects as a guest with this nick and channels. */
    Browser connect(String url, String nick, String channels) {
        driver.get(url);
        driver.executeScript("localStorage.clear()"); // else a saved guest reconnects by itself
        driver.get(url);
        waiting().until(ExpectedConditions.elementToBeClickable(By.id("nick"))).sendKeys(nick);
        byId("channels").clear(); // it suggests #chat
        byId("channels").sendKeys(channels);
        byId("connect-form").submit();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("composer-input")));
        return this;
    }

    /** Waits until the visible message log contains the text. */
    void sees(String text) {
        waiting().withMessage(() -> "messages never showed '" + text + "'; they show: " + byId("messages").getText())
                .until(d -> byId("messages").getText().contains(text));
    }

    void say(String text) {
        WebElement in = byId("composer-input");
        in.sendKeys(text);
        byId("composer").submit();
    }

    /** Clicks the sidebar entry for a channel or a conversation, once it exists. */
    void open(String buffer) {
        waiting().withMessage(() -> "no buffer " + buffer + " in " + byId("buffer-list").getText()).until(d -> {
            for (WebElement b : d.findElements(By.cssSelector("#buffer-list button.select"))) {
                if (b.getText().split("\n")[0].equals(buffer) && b.isDisplayed()) { // after it: an unread badge
                    b.click();
                    return true;
                }
            }
            return false;
        });
        waiting().until(d -> byId("buffer-name").getText().equals(buffer));
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> walk = Files.walk(profile)) {
                walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // a temp directory left behind
            }
        }
    }
}
