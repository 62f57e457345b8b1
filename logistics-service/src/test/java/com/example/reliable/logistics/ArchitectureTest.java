package com.example.reliable.logistics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The boundaries a reader of logistics-service relies on, checked on every build. */
@AnalyzeClasses(packages = "com.example.reliable.logistics", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule logisticsReachesOtherServicesOnlyThroughMessages = noClasses()
            .that().resideInAPackage("com.example.reliable.logistics..")
            .should().dependOnClassesThat().resideInAnyPackage("com.example.reliable.order..",
                    "com.example.reliable.inventory..");

    @ArchTest
    static final ArchRule onlyTheListenerAndItsQueueTalkToRabbitMq = noClasses()
            .that().resideInAPackage("com.example.reliable.logistics..")
            .and().doNotHaveSimpleName("OrderEventsListener")
            .and().doNotHaveSimpleName("LogisticsMessagingConfiguration")
            .should().dependOnClassesThat().resideInAPackage("org.springframework.amqp..")
            .because("order events come in through one thin listener, and shipment events go out only through "
                    + "reliable publishing's outbox (ShipmentEventPublisher), never by a RabbitTemplate of their own");

    @ArchTest
    static final ArchRule theListenerOnlyHandsOver = noClasses()
            .that().haveSimpleName("OrderEventsListener")
            .should().dependOnClassesThat().haveSimpleName("ShipmentRepository")
            .orShould().dependOnClassesThat().haveSimpleName("Shipment")
            .because("a thin listener unwraps the event and calls ShipmentService, where the transaction and the "
                    + "idempotency check are");
}
