package com.example.reliable.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.web.client.RestClient;

import com.example.reliable.common.InventoryEvents;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.OrderEvents;
import com.example.reliable.testsupport.OrderEventsProducer;
import com.example.reliable.testsupport.Servers;

import tools.jackson.databind.json.JsonMapper;

/**
 * The console as a person uses it, in headless Chromium against the three services running as
 * processes, with an operator password that is not the local-dev default: place an order, watch its
 * message get delivered, its shipment and reservation appear and inventory's reply confirm it, cancel
 * it, watch the stock come back; sign in, find a dead letter in logistics' dead-letter queue, read why
 * it is there and replay it. The page sends no credentials it was not given, and a wrong password
 * neither opens the browser's login dialog nor locks the operator out (read from Chromium's own
 * network log); find inventory's FAILED reply among every service's stored messages and retry it.
 * Saves {@code target/console.png}, {@code target/console-records.png} and
 * {@code target/console-dead-letters.png}.
 * <p>
 * Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them).
 */
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Not the local-dev default (operator), as anywhere but a laptop. */
    private static final String PASSWORD = "console-" + Long.toHexString(System.nanoTime());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static RunningServices services;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "apt-get install chromium chromium-driver to run the browser test");
        Servers servers = Servers.get();
        services = RunningServices.start("console", new RunningServices.Options(servers.rabbitHost(),
                servers.rabbitPort(), servers.rabbitUser(), servers.rabbitPassword(), servers.redisHost(),
                servers.redisPort(), Map.of(), Map.of("ADMIN_PASSWORD", PASSWORD,
                        // A reply that cannot be delivered is FAILED after its 3 attempts within seconds.
                        "RELIABLE_PUBLISHING_BACKOFF_INITIAL_DELAY", "500ms", "RELIABLE_PUBLISHING_JOB_INTERVAL", "1s")));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1300",
                "--user-data-dir=" + Files.createTempDirectory("console-browser"));
        // Chromium's network events (every request's and response's headers), read by LogType.PERFORMANCE.
        options.setCapability("goog:loggingPrefs", Map.of("performance", "ALL"));
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

    /** HTML that would make an element and run a script, were the console to render it as HTML. */
    private static final String HOSTILE = "<img src=x onerror=\"window.injected=1\">";

    @Test
    void placeAnOrderWatchItTravelThenCancelIt() throws Exception {
        browser.get(services.url("order-service") + "/");
        signIn("operator", PASSWORD); // the stored messages are the operator's
        int stockBefore = await().atMost(PATIENCE).ignoreExceptions().until(() -> stock("SKU-2"), stock -> stock > 0);

        new Select(browser.findElement(By.id("product"))).selectByVisibleText("SKU-2");
        WebElement quantity = browser.findElement(By.id("quantity"));
        quantity.clear();
        quantity.sendKeys("2");
        String before = firstOrderIdOnceShown(); // an earlier test's order, if one ran first
        browser.findElement(By.id("place")).click();

        String orderId = await().atMost(PATIENCE).ignoreExceptions().until(this::firstOrderId,
                id -> id != null && !id.equals(before));
        awaitCell(orderId, "message-state", "OrderCreated: delivered");
        awaitCell(orderId, "shipment-status", "CREATED");
        awaitCell(orderId, "reservation-status", "RESERVED");
        awaitCell(orderId, "order-status", "CONFIRMED"); // inventory's StockReserved came back
        awaitCell(orderId, "timeline", "shipment-created"); // logistics' ShipmentCreated reached the timeline
        await().atMost(PATIENCE).ignoreExceptions().until(() -> stock("SKU-2") == stockBefore - 2);
        screenshot("console.png");

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

    @Test
    void findADeadLetterReadWhyAndReplayIt() throws Exception {
        // A valid event in logistics' dead-letter queue, as if it had died before a fix; and one
        // logistics refuses because it cannot be read.
        OrderCreated event = OrderEventsProducer.created(990_001);
        String dlq = services.queue("logistics") + ".dlq";
        Servers servers = Servers.get();
        CachingConnectionFactory connections = new CachingConnectionFactory(servers.rabbitHost(), servers.rabbitPort());
        connections.setUsername(servers.rabbitUser());
        connections.setPassword(servers.rabbitPassword());
        try {
            RabbitTemplate rabbit = new RabbitTemplate(connections);
            new OrderEventsProducer(rabbit, services.queue("logistics") + ".dlx").send(dlq, event.messageId(),
                    "OrderCreated", JsonMapper.builder().build().writeValueAsString(event),
                    Map.of("source-id", String.valueOf(event.orderId())));
            new OrderEventsProducer(rabbit, services.exchange()).send(OrderEvents.CREATED, "unreadable-in-console",
                    "OrderCreated", HOSTILE + " this is not JSON");
        }
        finally {
            connections.destroy();
        }
        browser.get(services.url("order-service") + "/");
        signIn("operator", PASSWORD);

        await("the unreadable message in the console").atMost(PATIENCE).ignoreExceptions()
                .until(() -> deadLetter("unreadable-in-console").getText().contains("rejected"));
        assertThat(deadLetter(event.messageId()).getText()).contains("logistics-service", dlq, "OrderCreated",
                "#" + event.orderId());
        // A body holding HTML shows as text: nothing in it runs.
        assertThat(deadLetter("unreadable-in-console").findElement(By.className("body-preview")).getText())
                .startsWith("<img src=x");
        assertNothingInjected();
        ((JavascriptExecutor) browser).executeScript("document.getElementById('dead-letters').scrollIntoView()");
        screenshot("console-dead-letters.png");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            deadLetter(event.messageId()).findElement(By.cssSelector("button.replay")).click();
            return true;
        });

        RestClient logistics = RestClient.builder().baseUrl(services.url("logistics-service"))
                .defaultStatusHandler(status -> true, (request, response) -> {
                }).build();
        await("the replayed event applied").atMost(PATIENCE).until(() -> logistics.get()
                .uri("/shipments/{id}", event.orderId()).retrieve().toBodilessEntity().getStatusCode().value() == 200);
        await("the replayed message gone from the console").atMost(PATIENCE).until(() -> browser
                .findElements(By.cssSelector("#dead-letter-rows tr[data-message-id='" + event.messageId() + "']")).isEmpty());
        assertThat(browser.findElement(By.id("action-result")).getText()).contains("replay: 200");
    }

    /**
     * The case the console exists for: an order stays PLACED because inventory's answer could not be
     * delivered. Its {@code StockReserved} is FAILED in inventory's outbox — order-service's replies
     * queue had lost its binding, so every publish came back (mandatory) — and the console shows it
     * among every service's records; the binding is back, the operator clicks Retry, and the reply goes
     * out through inventory's own operator API and confirms the order.
     */
    @Test
    void aStockReplyFailedInInventoryIsFoundInTheConsoleRetriedAndConfirmsItsOrder() throws Exception {
        Servers servers = Servers.get();
        CachingConnectionFactory connections = new CachingConnectionFactory(servers.rabbitHost(), servers.rabbitPort());
        connections.setUsername(servers.rabbitUser());
        connections.setPassword(servers.rabbitPassword());
        RabbitAdmin admin = new RabbitAdmin(connections);
        Binding reserved = new Binding(services.repliesQueue(), Binding.DestinationType.QUEUE,
                services.repliesExchange(), InventoryEvents.RESERVED, null);
        String orderId;
        try {
            admin.removeBinding(reserved);
            browser.get(services.url("order-service") + "/");
            signIn("operator", PASSWORD);
            new Select(browser.findElement(By.id("product"))).selectByVisibleText("SKU-3");
            String before = firstOrderIdOnceShown(); // an earlier test's order, if one ran first
            browser.findElement(By.id("place")).click();
            orderId = await().atMost(PATIENCE).ignoreExceptions().until(this::firstOrderId,
                    id -> id != null && !id.equals(before));
            String order = orderId;
            // The table is redrawn every second: each try reads a row afresh.
            await("inventory's StockReserved FAILED in the console").atMost(PATIENCE).ignoreExceptions()
                    .untilAsserted(() -> {
                        WebElement failed = inventoryRecord(order);
                        assertThat(failed.getText()).contains("inventory-service", "StockReserved", "#" + order,
                                "FAILED");
                        assertThat(failed.findElement(By.className("record-attempts")).getText()).isEqualTo("3");
                    });
            awaitCell(orderId, "order-status", "PLACED");
            awaitCell(orderId, "reservation-status", "RESERVED");
            ((JavascriptExecutor) browser).executeScript("document.getElementById('records').scrollIntoView()");
            screenshot("console-records.png");

            // Where is the order? Each service answers: inventory applied its create and holds the reply FAILED.
            WebElement search = browser.findElement(By.id("search-order"));
            search.clear();
            search.sendKeys(orderId);
            browser.findElement(By.id("search")).click();
            await("the order search, side by side").atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                assertThat(searchRows("order-service")).anyMatch(row -> row.contains("PLACED"));
                assertThat(searchRows("logistics-service")).anyMatch(row -> row.contains("applied")
                        && row.contains("order-" + order + "-created-v0") && row.contains("shipment CREATED"));
                assertThat(searchRows("inventory-service")).anyMatch(row -> row.contains("applied")
                        && row.contains("order-" + order + "-created-v0"));
                assertThat(searchRows("inventory-service")).anyMatch(row -> row.contains("waiting: FAILED")
                        && row.contains("StockReserved") && row.contains("3 failed attempts"));
            });
            ((JavascriptExecutor) browser).executeScript("document.getElementById('order-search').scrollIntoView()");
            screenshot("console-order-search.png");
        }
        finally {
            admin.declareBinding(reserved);
            connections.destroy();
        }
        String order = orderId;
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            inventoryRecord(order).findElement(By.cssSelector("button.retry")).click();
            return true;
        });

        awaitCell(orderId, "order-status", "CONFIRMED");
        awaitCell(orderId, "timeline", "stock-reserved");
        await("the record gone from the console").atMost(PATIENCE).until(() -> browser
                .findElements(By.cssSelector("#record-rows tr[data-service='inventory-service']")).isEmpty());
        assertThat(browser.findElement(By.id("action-result")).getText())
                .contains("/console/messages/inventory/", "retry: 204");

        // The search, read again, has order-service's answer; the retry left its entry in inventory's audit trail.
        await("the stock answer in the search").atMost(PATIENCE).ignoreExceptions().until(() -> searchRows("order-service")
                .stream().anyMatch(row -> row.contains("stock answer recorded") && row.contains("order-" + order
                        + "-stock-reserved-v0")));
        // A refused action whose reason holds HTML, straight to logistics: listed as text, nothing in it runs.
        RestClient.builder().baseUrl(services.url("logistics-service")).defaultStatusHandler(status -> true,
                (request, response) -> {
                }).build().delete().uri("/admin/messages/no-such-record?force=true&reason={reason}", HOSTILE)
                .headers(headers -> headers.setBasicAuth("operator", PASSWORD)).retrieve().toBodilessEntity();
        await("the retry and the refusal in the audit trail").atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            List<String> audit = browser.findElements(By.cssSelector("#audit-rows tr")).stream().map(WebElement::getText)
                    .toList();
            assertThat(audit).anyMatch(row -> row.contains("inventory-service") && row.contains("operator")
                    && row.contains("message.retry") && row.contains("DONE") && row.contains("FAILED to SENDING"));
            assertThat(audit).anyMatch(row -> row.contains("logistics-service") && row.contains("message.discard-forced")
                    && row.contains("REFUSED") && row.contains("<img src=x"));
        });
        assertNothingInjected();
        ((JavascriptExecutor) browser).executeScript("document.getElementById('audit').scrollIntoView()");
        screenshot("console-audit.png");
    }

    /** What the order search shows for one service, a text per row. */
    private List<String> searchRows(String service) {
        return browser.findElements(By.cssSelector("#search-rows tr[data-service='" + service + "']")).stream()
                .map(WebElement::getText).toList();
    }

    /** No element came from a message, an order or an audit entry: HOSTILE made none and ran nothing. */
    private void assertNothingInjected() {
        assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.injected === undefined")).isEqualTo(true);
    }

    /** The newest order the page shows, once it has drawn the orders it remembers (null: none). */
    private String firstOrderIdOnceShown() {
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("last-refresh")).getText().startsWith("refreshed"));
        // A row may be redrawn between finding it and reading it: read again until a read lands.
        return await().atMost(PATIENCE).ignoreExceptions().until(() -> Optional.ofNullable(firstOrderId()),
                read -> true).orElse(null);
    }

    private String firstOrderId() {
        List<WebElement> rows = browser.findElements(By.cssSelector("#order-rows tr[data-order-id]"));
        return rows.isEmpty() ? null : rows.get(0).getAttribute("data-order-id");
    }

    /** The console's row of inventory's stored reply to this order. */
    private WebElement inventoryRecord(String orderId) {
        return browser.findElements(By.cssSelector("#record-rows tr[data-service='inventory-service']")).stream()
                .filter(row -> row.findElement(By.className("record-order")).getText().equals("#" + orderId))
                .findFirst().orElseThrow();
    }

    /**
     * With a real password, the page asks nothing of {@code /admin} until the operator signs in; a wrong
     * password costs one failed login (checked with one request, then the page signs out instead of
     * polling with it), and its 401 carries no {@code WWW-Authenticate}, so Chromium opens no login
     * dialog; the right password then works at once: no lockout.
     */
    @Test
    void theConsoleSendsOnlyCredentialsItIsGivenAndARefusedOneNeitherOpensADialogNorLocksTheOperatorOut() {
        browser.get("about:blank"); // the earlier tests' page, signed in, stops polling
        browser.manage().logs().get(LogType.PERFORMANCE); // and what it did is not this test's
        browser.get(services.url("order-service") + "/");
        List<Map<String, Object>> network = new ArrayList<>();
        awaitRequests(network, "/console/products", 7); // 7 page refreshes: more than one operator poll (5 s)

        assertThat(requestsWithCredentials(network)).as("no credentials before the operator gives any").isEmpty();
        assertThat(urls(network, "Network.requestWillBeSent")).noneMatch(url -> url.contains("/admin/")
                || url.contains("/console/dead-letters") || url.contains("/console/messages"));

        signIn("operator", "not-the-password");
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("operator-state")).getText()
                .contains("refused"));
        awaitRequests(network, "/console/products", 7);
        assertThat(requestsWithCredentials(network)).as("one try per sign-in, no poll with a refused password")
                .hasSize(1);
        List<Map<String, Object>> unauthorized = responses(network).stream()
                .filter(response -> ((Number) response.get("status")).intValue() == 401).toList();
        assertThat(unauthorized).hasSize(1);
        assertThat(((Map<String, Object>) unauthorized.get(0).get("headers")).keySet())
                .as("no WWW-Authenticate: no browser login dialog")
                .noneMatch(header -> header.equalsIgnoreCase("WWW-Authenticate"));

        signIn("operator", PASSWORD);
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("operator-state")).getText()
                .contains("Signed in as operator"));
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.findElement(By.id("stalled-rows")).getText()
                .startsWith("None"));
        assertThat(responses(network).stream().map(response -> ((Number) response.get("status")).intValue()))
                .as("never locked out").doesNotContain(429);
    }

    private void signIn(String user, String password) {
        WebElement userField = browser.findElement(By.id("admin-user"));
        userField.clear();
        userField.sendKeys(user);
        browser.findElement(By.id("admin-password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
    }

    /** Reads Chromium's network events into {@code network} until {@code times} requests went to {@code path}. */
    private static void awaitRequests(List<Map<String, Object>> network, String path, int times) {
        long before = urls(network, "Network.requestWillBeSent").stream().filter(url -> url.endsWith(path)).count();
        await().atMost(PATIENCE).until(() -> {
            for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
                network.add((Map<String, Object>) JSON.readValue(entry.getMessage(), Map.class).get("message"));
            }
            return urls(network, "Network.requestWillBeSent").stream().filter(url -> url.endsWith(path)).count()
                    >= before + times;
        });
    }

    private static List<String> urls(List<Map<String, Object>> network, String method) {
        return network.stream().filter(event -> method.equals(event.get("method")))
                .map(event -> (String) ((Map<String, Object>) ((Map<String, Object>) event.get("params"))
                        .get(method.equals("Network.requestWillBeSent") ? "request" : "response")).get("url"))
                .toList();
    }

    private static List<Map<String, Object>> requestsWithCredentials(List<Map<String, Object>> network) {
        return network.stream().filter(event -> "Network.requestWillBeSent".equals(event.get("method")))
                .map(event -> (Map<String, Object>) ((Map<String, Object>) event.get("params")).get("request"))
                .filter(request -> ((Map<String, Object>) request.get("headers")).keySet().stream()
                        .anyMatch(header -> header.equalsIgnoreCase("Authorization")))
                .toList();
    }

    private static List<Map<String, Object>> responses(List<Map<String, Object>> network) {
        return network.stream().filter(event -> "Network.responseReceived".equals(event.get("method")))
                .map(event -> (Map<String, Object>) ((Map<String, Object>) event.get("params")).get("response"))
                .toList();
    }

    private WebElement deadLetter(String messageId) {
        return browser.findElement(By.cssSelector("#dead-letter-rows tr[data-message-id='" + messageId + "']"));
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

    private static void screenshot(String name) throws Exception {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
