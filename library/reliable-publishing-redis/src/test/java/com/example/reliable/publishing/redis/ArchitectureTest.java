package com.example.reliable.publishing.redis;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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

/** What the Redis store promises about its structure, checked on every build. */
@AnalyzeClasses(packages = "com.example.reliable.publishing.redis", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheStoreKnowsTheLayout = noClasses()
            .that().doNotHaveSimpleName("RedisMessageStore").and().doNotHaveSimpleName("RedisStoreAutoConfiguration")
            .and().haveNameNotMatching(".*\\.DurabilityWait(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.data.redis..", "io.lettuce..")
            .because("one class owns the Redis layout and its atomic scripts (DurabilityWait only the wait that "
                    + "follows a save)");

    @ArchTest
    static final ArchRule aStoreKnowsOnlyTheStoreContract = noClasses()
            .should().dependOnClassesThat(resideInAPackage("com.example.reliable.publishing")
                    .and(not(belongToAnyOf(MessageStore.class, MessageRecord.class, MessageStatus.class,
                            OutgoingMessage.class, Source.class, ReliablePublishingAutoConfiguration.class))))
            .because("a store implements MessageStore and keeps its records; the publish path is not its business");
}
