package com.example.reliable.order.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.reliable.testsupport.IsolatedInfrastructure;

import tools.jackson.databind.json.JsonMapper;

/**
 * Requests that Tomcat refuses itself, before any Spring code runs, are answered with RFC 9457
 * problem details under Tomcat's own status, never its HTML error page; what the service answers
 * itself stays as it was. Sent over a plain socket: an HTTP client would normalise {@code %2F} or
 * refuse to send a 10 KB header.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "order.messaging.exchange=${test.namespace}.order.events",
        "order.messaging.replies-exchange=${test.namespace}.inventory.events",
        "order.messaging.replies-queue=${test.namespace}.order.stock-replies",
        "order.timeline.queue=${test.namespace}.order.timeline",
        "order.timeline.shipment-events-exchange=${test.namespace}.logistics.events",
        "order.timeline.key-prefix=${test.namespace}:timeline:" })
@IsolatedInfrastructure
class TomcatRejectionsIntegrationTest {

    @LocalServerPort int port;
    @Autowired JsonMapper json;

    @Test
    void anEncodedSlashInThePathIsA400Problem() throws IOException {
        RawResponse response = send("GET /orders/1%2F2 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        Map<String, Object> problem = assertProblem(response, 400);
        assertThat(problem.get("detail")).isEqualTo(TomcatProblemDetailsValve.ENCODED_SEPARATOR);
        assertThat(problem.get("instance")).isEqualTo("/orders/1%2F2");
    }

    @Test
    void aHeaderOverTheServersLimitIsA400Problem() throws IOException {
        RawResponse response = send("GET /orders/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Big: "
                + "a".repeat(10 * 1024) + "\r\n\r\n");

        Map<String, Object> problem = assertProblem(response, 400);
        assertThat(problem.get("detail")).isEqualTo(TomcatProblemDetailsValve.HEADERS_TOO_LARGE);
        assertThat(problem.get("instance")).isEqualTo("/orders/1");
    }

    @Test
    void anyOtherRefusalGetsAGenericSentenceThatEchoesNothing() throws IOException {
        // Tomcat's own message would be "Invalid character found in the request target [/orders/{1}] ...".
        RawResponse response = send("GET /orders/{1} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        Map<String, Object> problem = assertProblem(response, 400);
        assertThat(problem.get("detail")).isEqualTo(TomcatProblemDetailsValve.REFUSED);
        assertThat(response.body()).doesNotContain("{1}", "Invalid character");
    }

    @Test
    void theServicesOwnProblemsAreLeftAsTheyAre() throws IOException {
        RawResponse response = send("GET /orders/999999999 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        Map<String, Object> problem = assertProblem(response, 404);
        assertThat(problem.get("title")).isEqualTo("Order not found");
        assertThat(problem.get("detail")).isEqualTo("There is no order 999999999.");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> assertProblem(RawResponse response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).as(response.toString())
                .isEqualTo("application/problem+json");
        Map<String, Object> problem = json.readValue(response.body(), Map.class);
        assertThat(problem.get("status")).isEqualTo(status);
        // No type, as in every problem the service writes: RFC 9457 reads its absence as "about:blank".
        assertThat(problem.getOrDefault("type", "about:blank")).isEqualTo("about:blank");
        assertThat(problem.get("title")).isNotNull();
        assertThat((String) problem.get("detail")).isNotBlank();
        assertThat(response.body()).doesNotContain("Tomcat", "Exception", "at org.", "<html");
        return problem;
    }

    /**
     * Writes the request as it is and reads the answer until the server closes the connection. A
     * reset after the answer (the server closing on a request it did not read to the end) ends it too.
     */
    private RawResponse send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    answer.write(buffer, 0, n);
                }
            }
            catch (SocketException reset) {
                if (answer.size() == 0) {
                    throw reset;
                }
            }
            return RawResponse.parse(answer.toByteArray());
        }
    }

    /** An HTTP/1.1 response as it came over the wire, its body de-chunked. */
    record RawResponse(int status, Map<String, String> headers, String body) {

        static RawResponse parse(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a complete response head in: %s", text).isPositive();
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static byte[] dechunk(byte[] chunked) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int at = 0;
            while (true) {
                int lineEnd = indexOfCrlf(chunked, at);
                int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1)
                        .split(";")[0].trim(), 16);
                if (size == 0) {
                    return body.toByteArray();
                }
                body.write(chunked, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
        }

        private static int indexOfCrlf(byte[] bytes, int from) {
            for (int i = from; i < bytes.length - 1; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                    return i;
                }
            }
            throw new IllegalStateException("no CRLF after " + from);
        }
    }
}
