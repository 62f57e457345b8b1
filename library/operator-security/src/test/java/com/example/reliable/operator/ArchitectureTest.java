package com.example.reliable.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What the operator login protection promises about its own structure, checked on every build. */
@AnalyzeClasses(packages = "com.example.reliable.operator", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule knowsNothingAboutOrders = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("com.example.reliable.common..",
                    "com.example.reliable.order..", "com.example.reliable.logistics..", "com.example.reliable.inventory..",
                    "com.example.reliable.publishing..", "com.example.reliable.consuming..")
            .because("any service's operator API can use it: it protects logins, not what the API does");

    @ArchTest
    static final ArchRule theAccessRulesHaveOnePlace = noClasses()
            .that().doNotHaveSimpleName("OperatorSecurityAutoConfiguration")
            .and().doNotHaveSimpleName("OperatorAccessRules")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.security.config..",
                    "org.springframework.security.authorization..")
            .because("who may call what is the operator API's one filter chain, in the auto-configuration, and the "
                    + "rules a service adds to it; the rest of the module counts failed logins and words the 401");

    @ArchTest
    static final ArchRule onlyTheStoreHoldsFailures = noClasses()
            .that().doNotHaveSimpleName("LoginFailures")
            .should().dependOnClassesThat().resideInAPackage("com.github.benmanes.caffeine..")
            .because("one class is the bounded, forgetting memory of failed logins");
}
