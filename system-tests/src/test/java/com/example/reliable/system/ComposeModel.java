package com.example.reliable.system;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The services of one or more compose files, merged as {@code docker compose -f a -f b} merges them:
 * a later file's service adds to an earlier one of the same name, maps key by key
 * ({@code environment}, {@code depends_on}) and lists by appending ({@code volumes}, {@code ports}).
 * YAML anchors and {@code <<:} merge keys are resolved by SnakeYAML while loading, as Compose does.
 * For the static checks of the compose files: nothing here runs Docker.
 */
final class ComposeModel {

    private final Map<String, Map<String, Object>> services = new LinkedHashMap<>();

    private ComposeModel() {
    }

    static ComposeModel load(Path... files) {
        var model = new ComposeModel();
        for (Path file : files) {
            asMap(asMap(loadAll(file).get(0)).get("services")).forEach((name, service) -> model.merge(name, asMap(service)));
        }
        return model;
    }

    private void merge(String name, Map<String, Object> added) {
        Map<String, Object> service = services.computeIfAbsent(name, key -> new LinkedHashMap<>());
        added.forEach((key, value) -> {
            Object old = service.get(key);
            if (old instanceof Map<?, ?> oldMap && value instanceof Map<?, ?> addedMap) {
                Map<Object, Object> merged = new LinkedHashMap<>(oldMap);
                merged.putAll(addedMap);
                service.put(key, merged);
            }
            else if (old instanceof List<?> oldList && value instanceof List<?> addedList) {
                List<Object> merged = new ArrayList<>(oldList);
                merged.addAll(addedList);
                service.put(key, merged);
            }
            else {
                service.put(key, value);
            }
        });
    }

    Set<String> names() {
        return services.keySet();
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " in the compose files");
        }
        return service;
    }

    /** A service's environment, from either Compose form: a map, or a list of {@code NAME=value}. */
    Map<String, String> environment(String name) {
        Object environment = service(name).get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> variables.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
        }
        else {
            asList(environment).forEach(entry -> {
                String[] nameAndValue = String.valueOf(entry).split("=", 2);
                variables.put(nameAndValue[0], nameAndValue.length == 2 ? nameAndValue[1] : null);
            });
        }
        return variables;
    }

    /** Host port → container port, from the short ({@code "8081:8081"}) or the long syntax. */
    Map<Integer, Integer> publishedPorts(String name) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        asList(service(name).get("ports")).forEach(port -> {
            if (port instanceof Map<?, ?> map) {
                ports.put(Integer.valueOf(String.valueOf(map.get("published"))), Integer.valueOf(String.valueOf(map.get("target"))));
            }
            else {
                String[] parts = String.valueOf(port).split("/")[0].split(":");
                if (parts.length >= 2) {
                    ports.put(Integer.valueOf(parts[parts.length - 2]), Integer.valueOf(parts[parts.length - 1]));
                }
            }
        });
        return ports;
    }

    /** A service's command as its words, from either form: a list, or one string. */
    List<String> command(String name) {
        Object command = service(name).get("command");
        return command instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : Arrays.asList(String.valueOf(command).trim().split("\\s+"));
    }

    static List<Object> loadAll(Path file) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Object> documents = new ArrayList<>();
            yaml.loadAll(reader).forEach(documents::add);
            return documents;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }
}
