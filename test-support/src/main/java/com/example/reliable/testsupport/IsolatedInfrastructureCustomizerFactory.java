package com.example.reliable.testsupport;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Hands each {@link IsolatedInfrastructure} test class an {@link IsolatedNamespace} of its own. */
class IsolatedInfrastructureCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return TestContextAnnotationUtils.hasAnnotation(testClass, IsolatedInfrastructure.class)
                ? new IsolatedNamespace(testClass)
                : null;
    }
}
