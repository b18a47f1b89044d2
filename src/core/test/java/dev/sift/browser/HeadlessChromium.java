package dev.sift.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver (`make browser-deps` installs both),
 * for the tests that look at a page the way a person does: the try-it page (sift-serving) and the
 * evaluation report (sift-pipeline). Never downloads a browser: without the two binaries the test
 * is skipped, with the reason.
 */
public final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** A started browser; {@code what} names what goes untested when the binaries are missing. */
    public static WebDriver start(String what) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                what + " is NOT tested: " + CHROMIUM + " or " + CHROMEDRIVER
                        + " is missing (make browser-deps installs Debian's chromium and chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--window-size=1100,1300", "--disable-gpu", "--disable-dev-shm-usage",
                "--lang=en-US", "--no-first-run", "--disable-extensions");
        if ("root".equals(System.getProperty("user.name"))) {
            options.addArguments("--no-sandbox"); // Chromium's sandbox refuses to run as root
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the browser shows as {@code directory/name} (PNG), for the reader. */
    public static Path screenshot(WebDriver browser, Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        return Files.write(directory.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
