package com.example.reliable.publishing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
    static final ArchRule thePublishPathKnowsNothingOfTheJobOrTheOperatorApi = noClasses()
            .that().resideInAPackage("com.example.reliable.publishing")
            .should().dependOnClassesThat().resideInAnyPackage("com.example.reliable.publishing.job..",
                    "com.example.reliable.publishing.admin..")
            .because("the job and the operator API build on the publish path (each with its own "
                    + "auto-configuration); the path reads top to bottom without them, and no package cycle forms");

    @ArchTest
    static final ArchRule theSubPackagesAreFreeOfCycles = slices()
            .matching("com.example.reliable.publishing.(*)..").should().beFreeOfCycles()
            .because("job/ and admin/ are each one concern on top of the path");

    @ArchTest
    static final ArchRule theCoreKeepsNoStore = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.data.redis..", "io.lettuce..",
                    "org.springframework.jdbc..", "java.sql..", "javax.sql..")
            .because("a store is a module of its own (reliable-publishing-redis, -jdbc): the core sees only "
                    + "the MessageStore contract, and a service carries only the store it uses");

    @ArchTest
    static final ArchRule onlyOneClassTouchesTheTracer = noClasses()
            .that().doNotHaveSimpleName("StoredTraceContinuation")
            .and().haveNameNotMatching(".*\\.ReliablePublishingAutoConfiguration(\\$.*)?")
            .should().dependOnClassesThat().resideInAPackage("io.micrometer.tracing..")
            .because("tracing is optional: the rest of the module sees only MessageTracing, so it loads without "
                    + "micrometer-tracing on the class path");
}
