package com.example.reliable.publishing.jdbc;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.example.reliable.publishing.CheckBack;
import com.example.reliable.publishing.MessageRecord;
import com.example.reliable.publishing.MessageStatus;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.OutgoingMessage;
import com.example.reliable.publishing.ReliablePublishingAutoConfiguration;
import com.example.reliable.publishing.Source;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What the database store promises about its structure, checked on every build. */
@AnalyzeClasses(packages = "com.example.reliable.publishing.jdbc", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheStoreKnowsTheTable = noClasses()
            .that().doNotHaveSimpleName("JdbcMessageStore").and().doNotHaveSimpleName("JdbcStoreAutoConfiguration")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..", "javax.sql..")
            .because("one class owns the outbox table and its statements");

    @ArchTest
    static final ArchRule aStoreKnowsOnlyTheStoreContract = noClasses()
            .should().dependOnClassesThat(resideInAPackage("com.example.reliable.publishing")
                    .and(not(belongToAnyOf(MessageStore.class, MessageRecord.class, MessageStatus.class,
                            OutgoingMessage.class, Source.class, CheckBack.class, ReliablePublishingAutoConfiguration.class))))
            .because("a store implements MessageStore and keeps its records (the outbox also answers the check-back); the publish path is not its business");
}
