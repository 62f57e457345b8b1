package com.example.reliable.system.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.example.reliable.context.MessageLogContext;

/**
 * Empties the consumers' dead-letter queues after each scenario and lists what was in them, with
 * the cause: the broker's {@code x-first-death-reason} ({@code rejected}: unreadable, dead-lettered
 * at once; {@code delivery_limit}: failed on every delivery) and the consumer's own last log line
 * about the message. Draining them keeps each scenario's list its own.
 */
final class DeadLetters {

    private final RabbitTemplate rabbit;
    private final Map<String, Path> logByQueue;

    /** @param logByQueue each dead-letter queue → the log of the consumer that dead-letters into it */
    DeadLetters(RabbitTemplate rabbit, Map<String, Path> logByQueue) {
        this.rabbit = rabbit;
        this.logByQueue = logByQueue;
    }

    /** One dead-lettered message. */
    record DeadLetter(String queue, String messageId, String type, String sourceId, String reason, String cause) {
    }

    /** Takes every message out of the dead-letter queues (bounded) and returns them. */
    List<DeadLetter> drain() {
        List<DeadLetter> letters = new ArrayList<>();
        logByQueue.forEach((queue, log) -> {
            for (int i = 0; i < 10_000; i++) {
                Message message = rabbit.receive(queue);
                if (message == null) {
                    break;
                }
                var properties = message.getMessageProperties();
                Object reason = properties.getHeaders().get("x-first-death-reason");
                Object sourceId = properties.getHeaders().get(MessageLogContext.SOURCE_ID_HEADER);
                letters.add(new DeadLetter(queue, properties.getMessageId(), properties.getType(),
                        sourceId == null ? null : sourceId.toString(), reason == null ? null : reason.toString(),
                        lastLogLine(log, properties.getMessageId())));
            }
        });
        return letters;
    }

    /** The consumer's last line about the message: why it was rejected, or why its last delivery failed. */
    private static String lastLogLine(Path log, String messageId) {
        if (messageId == null) {
            return null;
        }
        String marker = "Message " + messageId + " ";
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(marker)).reduce((first, second) -> second)
                    .map(line -> line.substring(line.indexOf(marker))).orElse(null);
        }
        catch (IOException | RuntimeException ex) {
            return null;
        }
    }
}
