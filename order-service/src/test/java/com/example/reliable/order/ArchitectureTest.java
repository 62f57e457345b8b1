package com.example.reliable.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.concurrent.ScheduledExecutorService;

import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The boundaries a reader relies on, checked on every build. */
@AnalyzeClasses(packages = "com.example.reliable", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule contractsArePlainJava = noClasses().that().resideInAPackage("com.example.reliable.common..")
            .should().dependOnClassesThat().resideOutsideOfPackages("com.example.reliable.common..", "java..",
                    "com.fasterxml.jackson.annotation..")
            .because("every service reads the contracts; they must not drag in a framework or another module "
                    + "(Jackson's annotations are metadata only: which JSON property is derived)");

    @ArchTest
    static final ArchRule publishingKnowsNothingOfOrders = noClasses()
            .that().resideInAPackage("com.example.reliable.publishing..")
            .should().dependOnClassesThat().resideInAnyPackage("com.example.reliable.order..", "com.example.reliable.common..")
            .because("reliable publishing is service-neutral, to be reused by inventory-service");

    /** reliable-publishing's own rule (its ArchitectureTest) keeps the message store's layout in the store. */
    @ArchTest
    static final ArchRule onlyTheTimelineTouchesRedis = noClasses()
            .that().resideInAPackage("com.example.reliable.order..")
            .and().doNotHaveSimpleName("Timeline") // the timeline read model's layout and its script
            .and().doNotHaveSimpleName("BoundedRedisHealth") // pings the connection, reads no data
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.data.redis..", "io.lettuce..")
            .because("each Redis layout and its atomic scripts have one owner: in order-service, the timeline's");

    @ArchTest
    static final ArchRule orderServiceReachesOtherServicesOnlyThroughMessages = noClasses()
            .that().resideInAPackage("com.example.reliable.order..")
            .should().dependOnClassesThat().resideInAnyPackage("com.example.reliable.logistics..",
                    "com.example.reliable.inventory..");

    @ArchTest
    static final ArchRule periodicWorkRunsOnTheOneScheduler = noClasses()
            .that().resideInAPackage("com.example.reliable.order..")
            .should().dependOnClassesThat().belongToAnyOf(ScheduledExecutorService.class, SchedulingConfigurer.class,
                    EnableScheduling.class, Scheduled.class)
            .because("a periodic task is a SmartLifecycle on the service's one ThreadPoolTaskScheduler, "
                    + "its interval from the settings record");
}
