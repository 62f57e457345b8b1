package com.example.reliable.logistics;

import org.junit.jupiter.api.Test;

import com.example.reliable.testsupport.ApplicationYml;

/**
 * logistics-service starts on its application.yml alone: every placeholder in it, and in its listeners' queue
 * names, resolves without a test property or an environment variable.
 */
class ApplicationYmlTest {

    @Test
    void everyPlaceholderResolvesFromApplicationYmlAlone() {
        ApplicationYml.assertPlaceholdersResolve("com.example.reliable.logistics");
    }
}
