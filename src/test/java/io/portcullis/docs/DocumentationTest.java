package io.portcullis.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Docs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md and src/docs/*.md stay what a newcomer can rely on: a short README whose test command is the one CI
 * runs, links that lead somewhere, a package table that matches the code, and no references to a tracker the
 * reader cannot see.
 */
class DocumentationTest {

    static final Path README = Path.of("README.md");
    static final Path DOCS = Path.of("src/docs");
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    static final Pattern TRACKER = Pattern.compile("(?i)\\bissue\\s+#?\\d+|(?<![A-Za-z0-9])#\\d+\\b");

    @Test
    void theReadmeIsShortAndItsTestCommandIsTheOneCiRuns() throws IOException {
        assertThat(Files.readAllLines(README)).as("README.md lines").hasSizeLessThanOrEqualTo(300);
        List<String> ci = Files.readAllLines(Path.of(".ci/run")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("set ") && !l.startsWith("cd ")).toList();
        assertThat(ci).as("the commands of .ci/run").hasSize(1);
        assertThat(Docs.shellBlock(README, "## Quick start", 1).strip()).isEqualTo(ci.get(0).strip());
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                Path file = hash == 0 ? doc : doc.resolveSibling(hash < 0 ? target : target.substring(0, hash)).normalize();
                if (!Files.exists(file)) {
                    broken.add(doc + " → " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(file).contains(target.substring(hash + 1))) {
                    broken.add(doc + " → " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void thePackageTableNamesExactlyThePackagesOfTheCode() throws IOException {
        Path root = Path.of("src/main/java/io/portcullis");
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(f -> packages.add(root.relativize(f.getParent()).toString().replace('\\', '/')));
        }
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(DOCS.resolve("architecture.md"))) {
            Matcher m = Pattern.compile("^\\| `([a-z/]+)` \\|").matcher(line);
            if (m.find()) {
                documented.add(m.group(1));
            }
        }
        assertThat(documented).as("packages in the table of src/docs/architecture.md").isEqualTo(packages);
    }

    @Test
    void theDocumentationNamesNoTrackerIssues() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path doc : documents()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (TRACKER.matcher(lines.get(i)).find()) {
                    found.add(doc + ":" + (i + 1) + ": " + lines.get(i));
                }
            }
        }
        assertThat(found).isEmpty();
    }

    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(README));
        try (Stream<Path> files = Files.list(DOCS)) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** GitHub's anchors of a Markdown file's headings (outside fenced blocks). */
    static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new TreeSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.matches("#{1,6} .*")) {
                String text = line.replaceFirst("#{1,6} ", "").toLowerCase(Locale.ROOT);
                anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
