package com.example.reliable.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;

/**
 * A service's {@code application.yml} on its own, as the service reads it where no environment
 * variable and no test property is set: every {@code ${…}} placeholder in it, and in the queue names
 * of its {@code @RabbitListener} classes, must resolve from it. A settings record's
 * {@code @DefaultValue} is no help to a placeholder, so a setting a placeholder reads stays in the
 * file even when it repeats the record's default; the integration tests set those settings
 * themselves and would not notice one missing.
 */
public final class ApplicationYml {

    private ApplicationYml() {
    }

    /** Checks {@code application.yml} on the class path, and the listeners under {@code basePackage}. */
    public static void assertPlaceholdersResolve(String basePackage) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        List<PropertySource<?>> yaml;
        try {
            yaml = new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        assertThat(yaml).as("application.yml on the class path").isNotEmpty();
        yaml.forEach(environment.getPropertySources()::addLast);

        for (PropertySource<?> source : yaml) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                assertThatCode(() -> environment.getProperty(name)).as("application.yml: %s", name)
                        .doesNotThrowAnyException();
            }
        }
        List<String> queues = new ArrayList<>();
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        // On the class (with @RabbitHandler methods) or on a method (a batch listener).
        scanner.addIncludeFilter((reader, factory) -> reader.getAnnotationMetadata()
                .hasAnnotation(RabbitListener.class.getName())
                || reader.getAnnotationMetadata().hasAnnotatedMethods(RabbitListener.class.getName()));
        for (BeanDefinition listener : scanner.findCandidateComponents(basePackage)) {
            Class<?> type = ClassUtils.resolveClassName(listener.getBeanClassName(), null);
            List<RabbitListener> annotations = new ArrayList<>();
            if (type.isAnnotationPresent(RabbitListener.class)) {
                annotations.add(type.getAnnotation(RabbitListener.class));
            }
            for (var method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(RabbitListener.class)) {
                    annotations.add(method.getAnnotation(RabbitListener.class));
                }
            }
            for (RabbitListener annotation : annotations) {
                for (String queue : annotation.queues()) {
                    assertThatCode(() -> queues.add(environment.resolveRequiredPlaceholders(queue)))
                            .as("%s listens to %s", type.getSimpleName(), queue).doesNotThrowAnyException();
                }
            }
        }
        assertThat(queues).as("queues of the @RabbitListener classes under %s", basePackage).isNotEmpty();
    }
}
