package com.example.reliable.system.fault;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.example.reliable.system.RunningServices;
import com.example.reliable.system.fault.LoadGenerator.Cancel;
import com.example.reliable.system.fault.LoadGenerator.PlacedOrder;
import com.example.reliable.system.fault.OperatorApi.MessageRecord;
import com.example.reliable.testsupport.Servers;

/**
 * The books the suite keeps against the services' own databases: for every order a client got a
 * 201 for, is each of its effects there exactly once?
 * <ul>
 * <li>order-service: CONFIRMED by inventory's reply, unless cancelled (CANCELLED) or refused by
 * inventory (REJECTED, which cancels the order through the usual path);</li>
 * <li>logistics: exactly one shipment, CREATED, or CANCELLED if the order was cancelled or rejected;</li>
 * <li>inventory: a reservation in the right state (RESERVED; REJECTED if rejected; RELEASED,
 * CANCELLED_BEFORE_CREATE or REJECTED if cancelled) and one {@code t_check} row per product for each
 * operation (create, cancel) whose fingerprint the {@link LedgerTap} saw;</li>
 * <li>stock: for every product, stock now = stock at the start − units of RESERVED orders. Units
 * taken twice or given back twice show up here even if every other check passes;</li>
 * <li>order-service's timeline: every entry the other books prove (placed, published, the stock's
 * answer, the shipment's state, the cancel, the release) and none twice;</li>
 * <li>order-service: no record left SENDING; FAILED ones are listed with their last error.</li>
 * </ul>
 * An order with an effect missing is <em>pending</em> while a record of it waits in order-service
 * (SENDING or FAILED), a stock reply of it in inventory's outbox or a shipment event of it in
 * logistics' outbox, and <em>lost</em> when none does: then nothing would ever deliver it.
 */
final class Ledger {

    private final Servers servers;
    private final RunningServices services;
    private final LedgerTap tap;
    private final OperatorApi operator;
    private final Timelines timelines;
    private final Map<String, Integer> baseline = new HashMap<>();

    Ledger(Servers servers, RunningServices services, LedgerTap tap, OperatorApi operator) {
        this.servers = servers;
        this.services = services;
        this.tap = tap;
        this.operator = operator;
        this.timelines = new Timelines(services.url("order-service"));
    }

    /** What the books say about a set of orders at one moment. */
    record Verdict(int accepted, List<String> lost, List<String> pending, List<String> doubles,
            List<MessageRecord> sending, List<MessageRecord> failed, Map<String, Integer> stockImbalance) {

        /** Every effect is there exactly once and nothing waits in order-service. */
        boolean settled() {
            return lost.isEmpty() && pending.isEmpty() && sending.isEmpty();
        }
    }

    /** Remembers the stock before the first order: the start of every stock balance. */
    void recordStockBaseline() {
        baseline.clear();
        query(connection -> rows(connection, "SELECT id, stock FROM " + table("inventory-service", "products"),
                row -> baseline.put(row.getString(1), row.getInt(2))));
    }

    Verdict check(List<PlacedOrder> orders) {
        tap.drain();
        List<MessageRecord> sending = operator.records("SENDING");
        List<MessageRecord> failed = operator.records("FAILED");
        if (orders.isEmpty()) {
            return new Verdict(0, List.of(), List.of(), List.of(), sending, failed, stockImbalance());
        }
        String ids = orders.stream().map(order -> String.valueOf(order.id())).collect(Collectors.joining(","));
        Map<Long, String> orderStatus = new HashMap<>();
        Map<Long, String> shipments = new HashMap<>();
        Map<Long, Integer> shipmentCount = new HashMap<>();
        Map<Long, String> reservations = new HashMap<>();
        Map<String, Integer> checkRows = new HashMap<>();
        Map<Long, String> repliesWaiting = new HashMap<>();
        List<String> fingerprints = orders.stream().flatMap(order -> List.of("OrderCreated", "OrderCancelled").stream()
                .map(type -> tap.fingerprint(order.id(), type))).flatMap(Optional::stream).toList();
        query(connection -> {
            rows(connection, "SELECT id, status FROM " + table("order-service", "orders") + " WHERE id IN (" + ids + ")",
                    row -> orderStatus.put(row.getLong(1), row.getString(2)));
            rows(connection, "SELECT order_id, COUNT(*), MIN(status) FROM " + table("logistics-service", "shipments")
                    + " WHERE order_id IN (" + ids + ") GROUP BY order_id", row -> {
                        shipmentCount.put(row.getLong(1), row.getInt(2));
                        shipments.put(row.getLong(1), row.getString(3));
                    });
            rows(connection, "SELECT order_id, status FROM " + table("inventory-service", "reservations")
                    + " WHERE order_id IN (" + ids + ")", row -> reservations.put(row.getLong(1), row.getString(2)));
            // Stock replies still waiting in inventory's outbox: their order's status may still change.
            rows(connection, "SELECT source_id, status FROM " + table("inventory-service", "outbox_messages")
                    + " WHERE source_id IN (" + quoted(orders.stream().map(order -> String.valueOf(order.id())).toList())
                    + ")", row -> repliesWaiting.put(Long.valueOf(row.getString(1)), "stock reply " + row.getString(2)));
            // Shipment events still waiting in logistics' outbox: the timeline may still hear of them.
            rows(connection, "SELECT source_id, status FROM " + table("logistics-service", "outbox_messages")
                    + " WHERE source_id IN (" + quoted(orders.stream().map(order -> String.valueOf(order.id())).toList())
                    + ")", row -> repliesWaiting.put(Long.valueOf(row.getString(1)), "shipment event " + row.getString(2)));
            if (!fingerprints.isEmpty()) {
                rows(connection, "SELECT fingerprint, COUNT(*) FROM " + table("inventory-service", "t_check")
                        + " WHERE fingerprint IN (" + quoted(fingerprints) + ") AND unique_id <> ''" // per product
                        + " GROUP BY fingerprint",
                        row -> checkRows.put(row.getString(1), row.getInt(2)));
            }
        });
        Map<Long, String> waiting = new HashMap<>();
        sending.forEach(record -> waiting.put(record.orderId(), "SENDING"));
        failed.forEach(record -> waiting.put(record.orderId(), "FAILED"));
        repliesWaiting.forEach(waiting::putIfAbsent);

        List<String> lost = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String> doubles = new ArrayList<>();
        for (PlacedOrder order : orders) {
            String status = orderStatus.get(order.id());
            // Inventory could not cover it: the order is REJECTED and cancelled through the usual path.
            boolean rejected = "REJECTED".equals(status);
            boolean cancelled = order.cancel() == Cancel.CONFIRMED || "CANCELLED".equals(status) || rejected;
            List<String> missing = new ArrayList<>();
            if (order.cancel() == Cancel.CONFIRMED && !"CANCELLED".equals(status) && !rejected) {
                missing.add("cancel answered 200 but the order is " + status);
            }
            if (!cancelled && !"CONFIRMED".equals(status)) {
                missing.add("order " + status + ", expected CONFIRMED by inventory's reply");
            }
            String expectedShipment = cancelled ? "CANCELLED" : "CREATED";
            if (!expectedShipment.equals(shipments.get(order.id()))) {
                missing.add("shipment " + shipments.getOrDefault(order.id(), "missing") + ", expected " + expectedShipment);
            }
            String reservation = reservations.get(order.id());
            boolean reservationRight = rejected ? "REJECTED".equals(reservation)
                    : cancelled ? "RELEASED".equals(reservation) || "CANCELLED_BEFORE_CREATE".equals(reservation)
                            || "REJECTED".equals(reservation) // cancelled by its customer after inventory refused it
                    : "RESERVED".equals(reservation);
            if (!reservationRight) {
                missing.add("reservation " + (reservation == null ? "missing" : reservation));
            }
            int products = order.lines().size();
            for (String type : cancelled ? List.of("OrderCreated", "OrderCancelled") : List.of("OrderCreated")) {
                Optional<String> fingerprint = tap.fingerprint(order.id(), type);
                if (fingerprint.isEmpty()) {
                    missing.add(type + " never routed by the broker");
                    continue;
                }
                int rows = checkRows.getOrDefault(fingerprint.get(), 0);
                if (rows < products) {
                    missing.add(type + ": " + rows + " of " + products + " t_check rows");
                }
                else if (rows > products) {
                    doubles.add("order " + order.id() + " " + type + ": " + rows + " t_check rows for " + products + " products");
                }
            }
            checkTimeline(order.id(), status, cancelled, shipments.get(order.id()), reservation, missing, doubles);
            if (shipmentCount.getOrDefault(order.id(), 0) > 1) {
                doubles.add("order " + order.id() + ": " + shipmentCount.get(order.id()) + " shipments");
            }
            if (!missing.isEmpty()) {
                String line = "order " + order.id() + ": " + String.join("; ", missing);
                if (waiting.containsKey(order.id())) {
                    pending.add(line + " (message " + waiting.get(order.id()) + ")");
                }
                else {
                    lost.add(line);
                }
            }
        }
        return new Verdict(orders.size(), lost, pending, doubles, sending, failed, stockImbalance());
    }

    /**
     * The timeline must show what the other books prove, each entry once. Which shipment entries it
     * shows depends on the order events' arrival (a cancel that came first leaves no "created"), so
     * only the current shipment state is required.
     */
    private void checkTimeline(long orderId, String status, boolean cancelled, String shipment, String reservation,
            List<String> missing, List<String> doubles) {
        Optional<Map<String, Integer>> read = timelines.entries(orderId);
        if (read.isEmpty()) {
            missing.add("timeline unreadable");
            return;
        }
        Map<String, Integer> entries = read.get();
        entries.forEach((entry, count) -> {
            if (count > 1) {
                doubles.add("order " + orderId + " timeline: " + entry + " " + count + " times");
            }
        });
        List<String> expected = new ArrayList<>(List.of("placed", "published"));
        switch (reservation == null ? "" : reservation) {
            case "RESERVED" -> expected.add("stock-reserved");
            case "RELEASED" -> expected.addAll(List.of("stock-reserved", "stock-released"));
            // CANCELLED_BEFORE_CREATE: the create that came after its cancel is answered with a rejection.
            case "REJECTED", "CANCELLED_BEFORE_CREATE" -> expected.add("stock-rejected");
            default -> { }
        }
        if ("CREATED".equals(shipment)) {
            expected.add("shipment-created");
        }
        else if ("CANCELLED".equals(shipment)) {
            expected.add("shipment-cancelled");
        }
        if (cancelled) {
            expected.add("cancelled");
        }
        List<String> absent = expected.stream()
                .filter(event -> entries.keySet().stream().noneMatch(entry -> entry.startsWith(event + " "))).toList();
        if (!absent.isEmpty()) {
            missing.add("timeline lacks " + String.join(", ", absent));
        }
    }

    /** Per product: stock now − (stock at the start − units of RESERVED orders). 0 when every unit was taken once. */
    Map<String, Integer> stockImbalance() {
        Map<String, Integer> reserved = new HashMap<>();
        Map<String, Integer> stock = new HashMap<>();
        query(connection -> {
            // One transaction, one snapshot: a reservation and its stock change commit together.
            connection.setAutoCommit(false);
            connection.createStatement().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            rows(connection, "SELECT id, stock FROM " + table("inventory-service", "products"),
                    row -> stock.put(row.getString(1), row.getInt(2)));
            rows(connection, "SELECT l.product_id, SUM(l.quantity) FROM " + table("order-service", "order_lines")
                    + " l JOIN " + table("inventory-service", "reservations")
                    + " r ON r.order_id = l.order_id WHERE r.status = 'RESERVED' GROUP BY l.product_id",
                    row -> reserved.put(row.getString(1), row.getInt(2)));
            connection.commit();
        });
        return baseline.keySet().stream().collect(Collectors.toMap(Function.identity(),
                product -> stock.getOrDefault(product, 0) - (baseline.get(product) - reserved.getOrDefault(product, 0))));
    }

    private String table(String service, String table) {
        return "`" + services.database(service) + "`." + table;
    }

    private static String quoted(Collection<String> values) {
        return values.stream().map(value -> "'" + value.replace("'", "''") + "'").collect(Collectors.joining(","));
    }

    private interface Rows {
        void accept(ResultSet row) throws SQLException;
    }

    private interface Work {
        void run(Connection connection) throws SQLException;
    }

    private static void rows(Connection connection, String sql, Rows each) throws SQLException {
        try (var statement = connection.createStatement(); var result = statement.executeQuery(sql)) {
            while (result.next()) {
                each.accept(result);
            }
        }
    }

    private void query(Work work) {
        try (Connection connection = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(),
                servers.mysqlPassword())) {
            work.run(connection);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Ledger query failed: " + ex, ex);
        }
    }
}
