package com.example.reliable.publishing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What reliable publishing promises about its own structure, checked on every build. */
@AnalyzeClasses(packages = "com.example.reliable.publishing", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theCallerNeverTouchesTheBroker = noClasses().that().haveSimpleName("ReliablePublisher")
            .should().dependOnClassesThat().resideInAPackage("org.springframework.amqp..")
            .orShould().dependOnClassesThat().haveSimpleName("MessageSender")
            .because("send() stores and hands over; only the relay and the job wait for the broker");

    @ArchTest
    static final ArchRule confirmCallbacksDoNoStoreIo = noClasses().that().haveSimpleName("PublisherConfirms")
            .should().dependOnClassesThat().haveSimpleName("MessageStore")
            .orShould().dependOnClassesThat().haveSimpleName("DeliveryAttempts")
            .because("they run on the AMQP connection's thread; the OutcomeWriter applies their answers");

    @ArchTest
    static final ArchRule onlyTheStoreTouchesRedis = noClasses()
            .that().doNotHaveSimpleName("RedisMessageStore").and().doNotHaveSimpleName("ReliablePublishingAutoConfiguration")
            .and().haveNameNotMatching(".*\\.DurabilityWait(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.data.redis..", "io.lettuce..")
            .because("one class owns the Redis layout and its atomic scripts (DurabilityWait only the wait that follows a save)");

    @ArchTest
    static final ArchRule onlyOneClassTouchesTheTracer = noClasses()
            .that().doNotHaveSimpleName("StoredTraceContinuation")
            .and().haveNameNotMatching(".*\\.ReliablePublishingAutoConfiguration(\\$.*)?")
            .should().dependOnClassesThat().resideInAPackage("io.micrometer.tracing..")
            .because("tracing is optional: the rest of the module sees only MessageTracing, so it loads without "
                    + "micrometer-tracing on the class path");

    @ArchTest
    static final ArchRule onlyTheOutboxTouchesTheDatabase = noClasses()
            .that().doNotHaveSimpleName("JdbcMessageStore").and().doNotHaveSimpleName("ReliablePublishingAutoConfiguration")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..", "javax.sql..")
            .because("one class owns the outbox table and its statements");
}
