package com.example.reliable.benchmarks.endtoend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The CPU time each component of the system has used so far, read from Linux's
 * {@code /proc/<pid>/stat} (user + system time of every thread of the process). A component is one
 * or more processes: a service's JVM by its pid, a server by its program's name ({@code beam.smp} for
 * RabbitMQ, {@code mariadbd} or {@code mysqld}, {@code redis-server}), the load generator by this
 * JVM's pid. Only read, never signalled.
 * <p>
 * Where there is no {@code /proc} (not Linux), or a server runs where this machine cannot see its
 * processes, that component reads as 0 and {@link Usage#found} says which were not found.
 */
final class ProcessCpu {

    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times: 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, List<Long>> pids = new LinkedHashMap<>();

    /**
     * @param services service name → the pid of its JVM, in the order the usage lists them
     */
    ProcessCpu(Map<String, Long> services) {
        services.forEach((name, pid) -> pids.put(name, List.of(pid)));
        pids.put("RabbitMQ", byProgram(Set.of("beam.smp")));
        pids.put("MariaDB", byProgram(Set.of("mariadbd", "mysqld")));
        pids.put("Redis", byProgram(Set.of("redis-server")));
        pids.put("load generator", List.of(ProcessHandle.current().pid()));
    }

    /** CPU milliseconds used so far, per component, in the order of the constructor. */
    Usage read() {
        Map<String, Double> millis = new LinkedHashMap<>();
        pids.forEach((component, ids) -> millis.put(component, ids.stream().mapToDouble(ProcessCpu::cpuMillis).sum()));
        List<String> notFound = pids.entrySet().stream().filter(entry -> entry.getValue().isEmpty())
                .map(Map.Entry::getKey).toList();
        return new Usage(millis, notFound);
    }

    /**
     * CPU milliseconds per component.
     *
     * @param notFound components with no process to read
     */
    record Usage(Map<String, Double> millis, List<String> notFound) {

        /** What each component used between {@code earlier} and this reading. */
        Usage since(Usage earlier) {
            Map<String, Double> used = new LinkedHashMap<>();
            millis.forEach((component, now) -> used.put(component, now - earlier.millis.getOrDefault(component, 0.0)));
            return new Usage(used, notFound);
        }

        /** Every component together, the load generator excluded (it stands for the clients). */
        double system() {
            return millis.entrySet().stream().filter(entry -> !entry.getKey().equals("load generator"))
                    .mapToDouble(Map.Entry::getValue).sum();
        }

        boolean found(String component) {
            return !notFound.contains(component);
        }
    }

    private static List<Long> byProgram(Set<String> programs) {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(dir -> {
                try {
                    if (programs.contains(Files.readString(dir.resolve("comm")).strip())) {
                        found.add(Long.parseLong(dir.getFileName().toString()));
                    }
                }
                catch (IOException | RuntimeException ex) {
                    // gone meanwhile, or not ours to read
                }
            });
        }
        catch (IOException ex) {
            // no /proc: nothing found
        }
        return found;
    }

    /** utime + stime of a process (fields 14 and 15 of its stat line), in ms; 0 when it is gone. */
    private static double cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The program's name, field 2, is in parentheses and may hold spaces: count fields after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / TICKS_PER_SECOND;
        }
        catch (IOException | RuntimeException ex) {
            return 0;
        }
    }
}
