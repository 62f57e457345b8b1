package com.example.reliable.inventory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.concurrent.ScheduledExecutorService;

import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The boundaries a reader of inventory-service relies on, checked on every build. */
@AnalyzeClasses(packages = "com.example.reliable", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule inventoryReachesOtherServicesOnlyThroughMessages = noClasses()
            .that().resideInAPackage("com.example.reliable.inventory..")
            .should().dependOnClassesThat().resideInAnyPackage("com.example.reliable.order..",
                    "com.example.reliable.logistics..");

    @ArchTest
    static final ArchRule theIdempotencyCheckKnowsNothingOfStock = noClasses()
            .that().resideInAPackage("com.example.reliable.inventory.idempotency..")
            .should().dependOnClassesThat().resideInAnyPackage("com.example.reliable.inventory.stock..",
                    "com.example.reliable.common..")
            .because("t_check guards any operation on any resource; it is not about orders or products");

    @ArchTest
    static final ArchRule onlyTheStockFeatureTalksToRabbitMq = noClasses()
            .that().resideOutsideOfPackage("com.example.reliable.inventory.stock..")
            .and().resideInAPackage("com.example.reliable.inventory..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework.amqp..")
            .because("one listener feeds the stock; nothing else in inventory-service talks to RabbitMQ");

    @ArchTest
    static final ArchRule periodicWorkRunsOnTheOneScheduler = noClasses()
            .that().resideInAPackage("com.example.reliable.inventory..")
            .should().dependOnClassesThat().belongToAnyOf(ScheduledExecutorService.class, SchedulingConfigurer.class,
                    EnableScheduling.class, Scheduled.class)
            .because("a periodic task is a SmartLifecycle on the service's one ThreadPoolTaskScheduler, "
                    + "its interval from the settings record");
}
