package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import dev.sift.browser.HeadlessChromium;

/**
 * make evaluate's report.html as a person sees it, in Debian's headless Chromium: every section
 * drawn, the axes labelled by label name, the mistakes readable; a screenshot under
 * src/pipeline/target/report/ for the reader.
 */
class EvaluationReportBrowserTest {
    private static WebDriver browser;

    @TempDir
    Path temp;

    @BeforeAll
    static void startChromium() {
        browser = HeadlessChromium.start("the evaluation report");
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsEverySectionWithLabelNamesAndTheMistakes() throws Exception {
        Path out = EvaluateBundleTest.evaluateTinyBundle(temp);

        browser.get(out.resolve("report.html").toUri().toString());
        List<String> headings = browser.findElements(By.tagName("h2")).stream().map(WebElement::getText).toList();
        for (String section : List.of("Kernel paths", "Per class", "Confusion matrix", "Reliability diagram",
                "Risk–coverage", "The 1 most confident mistakes")) {
            assertTrue(headings.contains(section), "section '" + section + "' in " + headings);
        }
        List<WebElement> pictures = browser.findElements(By.tagName("svg"));
        assertEquals(4, pictures.size(), "confusion, reliability before and after, risk–coverage");
        for (WebElement svg : pictures) {
            assertTrue(svg.isDisplayed() && svg.getSize().getWidth() > 100 && svg.getSize().getHeight() > 100,
                    "drawn at a readable size: " + svg.getSize());
        }
        String confusion = pictures.get(0).getText();
        for (String label : List.of("negative", "neutral", "positive")) {
            assertTrue(confusion.contains(label), "the confusion matrix names '" + label + "': " + confusion);
        }
        assertTrue(pictures.get(3).getText().contains("coverage") && pictures.get(3).getText().contains("0.8"),
                "the risk–coverage axes have names and ticks: " + pictures.get(3).getText());
        WebElement mistakes = browser.findElements(By.tagName("table")).get(browser.findElements(By.tagName("table")).size() - 1);
        assertTrue(mistakes.getText().contains("差") && mistakes.getText().contains("neutral")
                && mistakes.getText().contains("negative"), mistakes.getText());
        Path shot = HeadlessChromium.screenshot(browser, Path.of("src/pipeline/target/report"), "report.png");
        assertTrue(Files.size(shot) > 10_000, "a real screenshot: " + Files.size(shot) + " bytes");
    }
}
