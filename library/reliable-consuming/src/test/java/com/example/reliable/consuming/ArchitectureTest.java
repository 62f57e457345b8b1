package com.example.reliable.consuming;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.concurrent.ScheduledExecutorService;

import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What reliable consuming promises about its own structure, checked on every build. */
@AnalyzeClasses(packages = "com.example.reliable.consuming", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule knowsNothingAboutOrders = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("com.example.reliable.common..",
                    "com.example.reliable.order..", "com.example.reliable.logistics..", "com.example.reliable.inventory..",
                    "com.example.reliable.publishing..")
            .because("any consumer can use it: it handles messages, not what they say");

    @ArchTest
    static final ArchRule onlyTheDeadLetterOperationsPublish = noClasses()
            .that().doNotHaveSimpleName("DeadLetterQueues")
            .should().dependOnClassesThat().haveSimpleName("RabbitTemplate")
            .because("a consumer's module publishes nothing but a replayed dead letter, confirmed");

    @ArchTest
    static final ArchRule theOperatorApiNeverHoldsAChannel = noClasses().that().haveSimpleName("DeadLetterAdminController")
            .should().dependOnClassesThat().resideInAPackage("com.rabbitmq..")
            .because("DeadLetterQueues gives back every message it fetched; the web layer only asks it");

    @ArchTest
    static final ArchRule periodicWorkRunsOnTheOneScheduler = noClasses()
            .that().resideInAPackage("com.example.reliable.consuming..")
            .should().dependOnClassesThat().belongToAnyOf(ScheduledExecutorService.class, SchedulingConfigurer.class,
                    EnableScheduling.class, Scheduled.class)
            .because("a periodic task is a SmartLifecycle on the module's one ThreadPoolTaskScheduler, "
                    + "its interval from the settings record");
}
