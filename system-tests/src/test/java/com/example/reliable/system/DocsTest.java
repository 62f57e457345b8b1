package com.example.reliable.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README and the {@code docs/} chapters checked as a reader meets them, without running anything.
 * <p>
 * A reader follows links: every relative link of {@code README.md} and {@code docs/*.md} must lead to a
 * file or directory that exists, and every {@code #anchor} to a heading of the file it names (GitHub's
 * slugs). A class that is moved or renamed fails the build here, not the reader's click. The README is a
 * tour: at most {@value #README_MAX_LINES} lines, a Contents list near the top that links every section
 * below it and every chapter, and every chapter links back to it. The docs describe the project as it is; what
 * changed and when is {@code CHANGELOG.md}'s, so no README or chapter line tells history.
 * <p>
 * {@code docs/settings.md} is where every setting's default is stated, once; it is compared with the
 * configuration metadata that {@code spring-boot-configuration-processor} writes for every
 * {@code @ConfigurationProperties} record: it names every property the metadata declares, no property the
 * metadata lacks, and each default the metadata knows. The metadata is read from the test class path and
 * from every module's {@code target/classes} (this module depends on the services only for the build
 * order, so their classes are not on its class path); build with {@code -am} so that they are there.
 */
class DocsTest {

    /** The repository root: Maven runs these tests in {@code system-tests/}. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final int README_MAX_LINES = 450;

    /** The Contents heading must come within this many lines of the README's top. */
    private static final int CONTENTS_WITHIN_LINES = 60;

    /** History belongs to CHANGELOG.md: lines of the README and the chapters must not tell it. */
    private static final Pattern HISTORY = Pattern.compile(
            "(?i)issue [0-9]|used to be|before this work|still to be run");

    /** The prefixes of the project's own settings. */
    private static final List<String> OWN_PREFIXES = List.of(
            "reliable.", "operator.", "order.", "inventory.", "logistics.", "console.");

    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title. */
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

    /** A row of a settings table: its first cell one setting's full name in backticks. */
    private static final Pattern SETTING_ROW = Pattern.compile("^\\|\\s*`([a-z][a-z0-9.-]*)`\\s*\\|([^|]*)\\|");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyRelativeLinkLeadsToAFileAndEveryAnchorToAHeading() {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            for (Link link : links(doc)) {
                String target = link.target();
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // https:, mailto: — not ours to check
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(link.where() + ": " + target + " (no such file)");
                    continue;
                }
                if (anchor != null) {
                    if (!resolved.toString().endsWith(".md")) {
                        broken.add(link.where() + ": " + target + " (an anchor into a file that is not Markdown)");
                    } else if (!anchors(resolved).contains(anchor)) {
                        broken.add(link.where() + ": " + target + " (no heading with this anchor in "
                                + ROOT.relativize(resolved) + ")");
                    }
                }
            }
        }
        assertThat(broken).as("links that lead nowhere").isEmpty();
    }

    @Test
    void theReadmeIsATourWithItsContentsAtTheTop() {
        Path readme = ROOT.resolve("README.md");
        List<String> lines = read(readme);
        assertThat(lines.size()).as("lines of README.md").isLessThanOrEqualTo(README_MAX_LINES);

        int contents = -1;
        for (int i = 0; i < Math.min(CONTENTS_WITHIN_LINES, lines.size()); i++) {
            if (lines.get(i).equals("## Contents")) {
                contents = i;
                break;
            }
        }
        assertThat(contents).as("a '## Contents' heading within the README's first %d lines", CONTENTS_WITHIN_LINES)
                .isNotNegative();

        Set<String> linked = new TreeSet<>();
        for (int i = contents + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            Matcher link = LINK.matcher(lines.get(i));
            while (link.find()) {
                linked.add(link.group(2));
            }
        }
        Set<String> missing = new TreeSet<>();
        List<Heading> headings = headings(readme);
        boolean belowContents = false;
        for (Heading heading : headings) {
            if (heading.level() == 2 && belowContents && !linked.contains("#" + heading.anchor())) {
                missing.add("#" + heading.anchor());
            }
            belowContents |= heading.level() == 2 && heading.text().equals("Contents");
        }
        for (Path chapter : chapters()) {
            if (!linked.contains("docs/" + chapter.getFileName())) {
                missing.add("docs/" + chapter.getFileName());
            }
        }
        assertThat(missing).as("sections and chapters the README's Contents does not link").isEmpty();
    }

    @Test
    void everyChapterLinksBackToTheReadme() {
        List<String> orphans = new ArrayList<>();
        for (Path chapter : chapters()) {
            boolean back = links(chapter).stream().anyMatch(link -> link.target().startsWith("../README.md"));
            if (!back) {
                orphans.add(ROOT.relativize(chapter).toString());
            }
        }
        assertThat(orphans).as("chapters without a link back to the README").isEmpty();
    }

    @Test
    void theDocsSpeakInThePresentTense() {
        List<String> history = new ArrayList<>();
        for (Path doc : documents()) {
            List<String> lines = read(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (HISTORY.matcher(lines.get(i)).find()) {
                    history.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(history).as("lines that tell history (it belongs in CHANGELOG.md)").isEmpty();
    }

    @Test
    void theSettingsChapterNamesExactlyTheSettingsTheMetadataDeclaresWithTheirDefaults() {
        Map<String, String> declared = declaredSettings();
        Map<String, String> documented = documentedSettings();

        Set<String> undocumented = new TreeSet<>(declared.keySet());
        undocumented.removeAll(documented.keySet());
        Set<String> unknown = new TreeSet<>(documented.keySet());
        unknown.removeAll(declared.keySet());
        List<String> wrongDefaults = new ArrayList<>();
        declared.forEach((name, defaultValue) -> {
            String cell = documented.get(name);
            if (cell != null && !defaultValue.isEmpty() && !statesDefault(cell, defaultValue)) {
                wrongDefaults.add(name + ": the metadata says " + defaultValue + ", docs/settings.md says " + cell.strip());
            }
        });

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(undocumented)
                    .as("settings in the configuration metadata that docs/settings.md does not name").isEmpty();
            softly.assertThat(unknown).as("settings docs/settings.md names that no configuration metadata declares "
                    + "(a module not built? run with -am)").isEmpty();
            softly.assertThat(wrongDefaults).as("defaults that differ between docs/settings.md and the metadata")
                    .isEmpty();
        });
    }

    /** The project's own settings in every configuration metadata file, each with its default ("" if none). */
    private static Map<String, String> declaredSettings() {
        List<URL> sources = new ArrayList<>();
        Map<String, String> settings = new TreeMap<>();
        try {
            sources.addAll(Collections.list(DocsTest.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json")));
            for (String module : modules()) {
                Path metadata = ROOT.resolve(module).resolve("target/classes/META-INF/spring-configuration-metadata.json");
                if (Files.exists(metadata)) {
                    sources.add(metadata.toUri().toURL());
                }
            }
            for (URL source : sources) {
                try (InputStream in = source.openStream()) {
                    for (JsonNode property : JSON.readTree(in).path("properties")) {
                        String name = property.path("name").asString();
                        if (OWN_PREFIXES.stream().anyMatch(name::startsWith)) {
                            JsonNode value = property.get("defaultValue");
                            String defaultValue = value == null ? "" : value.isValueNode() ? value.asString() : value.toString();
                            settings.merge(name, defaultValue, (a, b) -> a.isEmpty() ? b : a);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }

    /** The modules the root pom lists, e.g. {@code library/reliable-publishing}. */
    private static List<String> modules() {
        Matcher module = Pattern.compile("<module>([^<]+)</module>")
                .matcher(String.join("\n", read(ROOT.resolve("pom.xml"))));
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1).strip());
        }
        return modules;
    }

    /** Every setting docs/settings.md names in the first cell of a table row, with its Default cell. */
    private static Map<String, String> documentedSettings() {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : read(ROOT.resolve("docs/settings.md"))) {
            Matcher row = SETTING_ROW.matcher(line);
            if (row.find() && OWN_PREFIXES.stream().anyMatch(row.group(1)::startsWith)) {
                documented.put(row.group(1), row.group(2));
            }
        }
        return documented;
    }

    /** Whether the Default cell holds the metadata's default in backticks (numbers compared as numbers). */
    private static boolean statesDefault(String cell, String expected) {
        Matcher code = CODE_SPAN.matcher(cell);
        while (code.find()) {
            String stated = code.group().substring(1, code.group().length() - 1);
            if (stated.equalsIgnoreCase(expected) || sameNumber(stated, expected)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameNumber(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException notNumbers) {
            return false;
        }
    }

    /** README.md and every chapter in docs/. */
    private static List<Path> documents() {
        List<Path> documents = new ArrayList<>();
        documents.add(ROOT.resolve("README.md"));
        documents.addAll(chapters());
        return documents;
    }

    private static List<Path> chapters() {
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            return files.filter(file -> file.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Link(String where, String target) {
    }

    /** The links of a Markdown file, outside code blocks and code spans. */
    private static List<Link> links(Path doc) {
        List<Link> links = new ArrayList<>();
        List<String> lines = read(doc);
        boolean inCode = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (inCode) {
                continue;
            }
            Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll("code"));
            while (link.find()) {
                links.add(new Link(ROOT.relativize(doc) + ":" + (i + 1), link.group(2)));
            }
        }
        return links;
    }

    private record Heading(int level, String text, String anchor) {
    }

    /** The headings of a Markdown file, outside code blocks, each with its GitHub anchor. */
    private static List<Heading> headings(Path doc) {
        List<Heading> headings = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inCode = false;
        for (String line : read(doc)) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (inCode || !heading.matches()) {
                continue;
            }
            String text = heading.group(2);
            String slug = slug(text);
            int times = seen.merge(slug, 1, Integer::sum);
            headings.add(new Heading(heading.group(1).length(), text, times == 1 ? slug : slug + "-" + (times - 1)));
        }
        return headings;
    }

    private static Set<String> anchors(Path doc) {
        Set<String> anchors = new TreeSet<>();
        headings(doc).forEach(heading -> anchors.add(heading.anchor()));
        return anchors;
    }

    /**
     * GitHub's anchor for a heading: the text of its links, lower case, every character but letters,
     * digits, {@code _}, {@code -} and spaces dropped, each space a {@code -}.
     */
    static String slug(String heading) {
        String text = LINK.matcher(heading).replaceAll("$1").toLowerCase();
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_'
                    || Character.getType(c) == Character.NON_SPACING_MARK) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
