package dev.sift.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.sift.browser.HeadlessChromium;
import dev.sift.feedback.FeedbackIds;
import dev.sift.feedback.FeedbackService;
import dev.sift.model.Prediction;
import dev.sift.serving.ClassifierService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The try-it page on a multi-label model, in headless Chromium: a text shows one badge per label
 * of its set, and "that's wrong" offers the labels as boxes to tick, sending the set as {@code a|b}.
 */
@QuarkusTest
@TestProfile(MultiLabelTryItPageTest.MultiLabelBundle.class)
class MultiLabelTryItPageTest {
    private static WebDriver browser;
    private static Path screenshots;

    public static class MultiLabelBundle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sift.model.bundle", "classpath:bundles/tiny-multilabel",
                    "sift.feedback.store", "file:target/feedback-tests/multilabel-page-" + UUID.randomUUID());
        }
    }

    @TestHTTPResource("/")
    URL page;
    @Inject
    ClassifierService service;
    @Inject
    FeedbackService feedback;

    @BeforeAll
    static void startChromium() throws IOException {
        browser = HeadlessChromium.start("the try-it page");
        screenshots = Path.of(System.getProperty("test.try-it.screenshots", "src/serving/target/try-it"));
        Files.createDirectories(screenshots);
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsEachLabelOfTheSetAndSendsACorrectedSet() throws IOException {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(page.toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model-status"), "tiny-multilabel"));
        // Every label's own threshold replaced by 0.2 for this request: a set of two or more labels to show.
        String text = "房间好但是很差";
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]",
                browser.findElement(By.id("texts")), text);
        WebElement minScore = browser.findElement(By.id("min-score"));
        minScore.clear();
        minScore.sendKeys("0.2");
        browser.findElement(By.id("classify")).click();
        wait.until(d -> d.findElements(By.cssSelector("#results .result")).size() == 1
                && !"true".equals(d.findElement(By.id("results")).getAttribute("aria-busy")));
        WebElement result = browser.findElement(By.cssSelector("#results .result"));

        Prediction expected = service.classifier().classify(List.of(text), 3, 0.2).get(0);
        assertTrue(expected.labels().size() >= 2, "the fixture should give this text two labels at 0.2: " + expected);
        assertEquals(expected.labels(), result.findElements(By.cssSelector(".verdict .badge")).stream()
                .map(WebElement::getText).toList());
        HeadlessChromium.screenshot(browser, screenshots, "6-multilabel.png");

        result.findElement(By.cssSelector("details.correct summary")).click();
        List<WebElement> boxes = result.findElements(By.cssSelector("input.right-label"));
        assertEquals(3, boxes.size());
        for (WebElement box : boxes) {
            assertEquals(expected.labels().contains(box.getAttribute("value")), box.isSelected(), "ticked as answered");
        }
        // Untick all but the first answered label: the correction is that one label alone.
        String keep = expected.labels().get(0);
        boxes.stream().filter(b -> b.isSelected() && !keep.equals(b.getAttribute("value"))).forEach(WebElement::click);
        result.findElement(By.cssSelector("button.send")).click();
        WebElement status = result.findElement(By.cssSelector(".feedback-status"));
        wait.until(ExpectedConditions.textToBePresentInElement(status, "Stored."));
        String id = FeedbackIds.derive(text, keep, "try-it");
        String key = feedback.store().recordKeys().stream().filter(k -> k.endsWith("/" + id + ".json")).findFirst()
                .orElseThrow(() -> new AssertionError("no record " + id + ": " + status.getText()));
        assertEquals(keep, feedback.store().read(key).label());
        assertEquals(String.join("|", expected.labels()), feedback.store().read(key).predicted());
    }
}
