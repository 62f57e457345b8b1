package com.example.reliable.audit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What the audit trail promises about its own structure, checked on every build. */
@AnalyzeClasses(packages = "com.example.reliable.audit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule knowsNothingAboutWhatIsAudited = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("com.example.reliable.common..",
                    "com.example.reliable.order..", "com.example.reliable.logistics..", "com.example.reliable.inventory..",
                    "com.example.reliable.publishing..", "com.example.reliable.consuming..", "com.example.reliable.operator..")
            .because("every operator API records through it: it writes who did what, not what the action means");

    @ArchTest
    static final ArchRule onlyTheTableTalksToTheDatabase = noClasses()
            .that().doNotHaveSimpleName("AuditTable")
            .should().dependOnClassesThat().resideInAPackage("org.springframework.jdbc..")
            .because("one class reads and writes operator_audit");
}
