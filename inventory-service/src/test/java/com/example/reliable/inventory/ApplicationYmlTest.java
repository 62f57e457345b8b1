package com.example.reliable.inventory;

import org.junit.jupiter.api.Test;

import com.example.reliable.testsupport.ApplicationYml;

/**
 * inventory-service starts on its application.yml alone: every placeholder in it, and in its listeners' queue
 * names, resolves without a test property or an environment variable.
 */
class ApplicationYmlTest {

    @Test
    void everyPlaceholderResolvesFromApplicationYmlAlone() {
        ApplicationYml.assertPlaceholdersResolve("com.example.reliable.inventory");
    }
}
