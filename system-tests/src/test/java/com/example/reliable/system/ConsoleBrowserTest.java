package com.example.reliable.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console as a person uses it, in headless Chromium against the three services running as
 * processes: place an order, watch its message get delivered, its shipment and reservation
 * appear and inventory's reply confirm it, cancel it, watch the stock come back. Saves {@code target/console.png}.
 * <p>
 * Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them).
 */
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static RunningServices services;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "apt-get install chromium chromium-driver to run the browser test");
        services = RunningServices.start("console");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1300",
                "--user-data-dir=" + Files.createTempDirectory("console-browser"));
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).build();
        browser = new ChromeDriver(driver, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void placeAnOrderWatchItTravelThenCancelIt() throws Exception {
        browser.get(services.url("order-service") + "/");
        int stockBefore = await().atMost(PATIENCE).ignoreExceptions().until(() -> stock("SKU-2"), stock -> stock > 0);

        new Select(browser.findElement(By.id("product"))).selectByVisibleText("SKU-2");
        WebElement quantity = browser.findElement(By.id("quantity"));
        quantity.clear();
        quantity.sendKeys("2");
        browser.findElement(By.id("place")).click();

        String orderId = await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("#order-rows tr[data-order-id]")).getAttribute("data-order-id"),
                        id -> id != null);
        awaitCell(orderId, "message-state", "OrderCreated: delivered");
        awaitCell(orderId, "shipment-status", "CREATED");
        awaitCell(orderId, "reservation-status", "RESERVED");
        awaitCell(orderId, "order-status", "CONFIRMED"); // inventory's StockReserved came back
        awaitCell(orderId, "timeline", "shipment-created"); // logistics' ShipmentCreated reached the timeline
        await().atMost(PATIENCE).ignoreExceptions().until(() -> stock("SKU-2") == stockBefore - 2);
        screenshot();

        // The table is redrawn every second: find the button afresh until a click lands.
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            row(orderId).findElement(By.cssSelector("button.cancel")).click();
            return true;
        });

        awaitCell(orderId, "order-status", "CANCELLED");
        awaitCell(orderId, "timeline", "stock-released");
        awaitCell(orderId, "message-state", "OrderCancelled: delivered");
        awaitCell(orderId, "shipment-status", "CANCELLED");
        awaitCell(orderId, "reservation-status", "RELEASED");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> stock("SKU-2") == stockBefore);
        assertThat(browser.findElement(By.id("record-rows")).getText()).contains("every message was confirmed");
        assertThat(browser.findElement(By.id("errors")).getText()).isEmpty();
    }

    private WebElement row(String orderId) {
        return browser.findElement(By.cssSelector("#order-rows tr[data-order-id='" + orderId + "']"));
    }

    private void awaitCell(String orderId, String cell, String text) {
        await(cell + " of order " + orderId + " shows " + text).atMost(PATIENCE).ignoreExceptions()
                .until(() -> row(orderId).findElement(By.className(cell)).getText().contains(text));
    }

    private int stock(String productId) {
        return Integer.parseInt(browser.findElement(
                By.cssSelector("#product-rows tr[data-product-id='" + productId + "'] .stock")).getText());
    }

    private static void screenshot() throws Exception {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", "console.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
