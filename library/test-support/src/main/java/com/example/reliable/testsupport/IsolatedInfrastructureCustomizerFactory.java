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
        var annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, IsolatedInfrastructure.class);
        return annotation == null ? null : new IsolatedNamespace(testClass, annotation.rabbitThroughProxy(),
                annotation.databaseThroughProxy(), annotation.redisThroughProxy());
    }
}
