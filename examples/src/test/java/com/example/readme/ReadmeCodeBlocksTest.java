package com.example.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * "Every code block in README.md comes from code that compiles and runs in examples/": each fenced block of the
 * kit's README in a code language must appear, line for line (whitespace normalized, blank lines dropped), in one
 * source or resource file of the examples, so a README snippet cannot drift from code that compiles and runs.
 * Output (failure messages, tables) is fenced as {@code ```text} and exempt, because it is what the code prints,
 * not code a reader pastes.
 */
class ReadmeCodeBlocksTest {

    /** The languages whose blocks a reader pastes; every other fence must say {@code text}. */
    private static final Set<String> CHECKED = Set.of("java", "xml", "yaml", "properties");

    /** Far fewer checked blocks than this means the parser lost them, not that the README is clean. */
    private static final int AT_LEAST_CHECKED = 20;

    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");

    /** An elision such as {@code { ... }}, {@code , ...} or {@code // ...}; {@code String...} varargs do not count. */
    private static final Pattern ELISION = Pattern.compile("(^|[^\\w.])\\.\\.\\.");

    private static final Path BASE = Paths.get(System.getProperty("examples.basedir", ".")).toAbsolutePath().normalize();

    record Block(int line, String language, List<String> lines) {
    }

    @TestFactory
    Stream<DynamicTest> everyCodeBlockAppearsInAnExampleFile() {
        Map<Path, List<String>> sources = exampleSources();
        return blocks().stream().filter(block -> CHECKED.contains(block.language()))
                .map(block -> DynamicTest.dynamicTest("README.md line " + block.line() + " (" + block.language() + ")",
                        () -> check(block, sources)));
    }

    @Test
    void checksEnoughBlocksAndNoneIsEmpty() {
        List<Block> blocks = blocks();

        assertThat(blocks).filteredOn(block -> CHECKED.contains(block.language()))
                .as("checked code blocks in README.md (a parser that finds none would pass vacuously)")
                .hasSizeGreaterThanOrEqualTo(AT_LEAST_CHECKED);
        assertThat(blocks).as("README.md blocks with no content").allSatisfy(block -> assertThat(block.lines())
                .as("README.md line %d", block.line()).isNotEmpty());
    }

    @Test
    void everyBlockNamesItsLanguage() {
        assertThat(blocks()).as("README.md fences without a language: fence code as java, xml, yaml or properties,"
                + " output as text").allSatisfy(block -> assertThat(block.language())
                .as("README.md line %d", block.line()).isNotEmpty());
    }

    @Test
    void aBlockInAnExampleFilePassesWhateverItsIndentation() {
        Block block = new Block(7, "java", normalized(List.of("  assertThat(x)", "", "      .isOne();")));

        check(block, Map.of(BASE.resolve("src/A.java"), normalized(List.of("void f() {", "assertThat(x)", ".isOne();", "}"))));
    }

    @Test
    void aBlockMissingFromTheExamplesNamesItsLineAndTheClosestFile() {
        Block block = new Block(42, "java", List.of("assertThat(x)", ".isTwo();"));
        Map<Path, List<String>> sources = Map.of(BASE.resolve("src/A.java"), List.of("assertThat(x)", ".isOne();"),
                BASE.resolve("src/B.java"), List.of("unrelated();"));

        assertThatThrownBy(() -> check(block, sources))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("The java block at README.md line 42 does not appear")
                .hasMessageContaining("  assertThat(x)\n  .isTwo();")
                .hasMessageContaining("Closest: examples/src/A.java (1 of 2 lines; first line not there: .isTwo();)");
    }

    @Test
    void aBlockWithAnElisionFailsEvenWhenAnExampleHasIt() {
        Block block = new Block(9, "java", List.of("class ReserveQueryTest { ... }"));

        assertThatThrownBy(() -> check(block, Map.of(BASE.resolve("src/A.java"), block.lines())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("README.md line 9: the block elides code with \"...\"");
        check(new Block(10, "java", List.of("void f(String... names) {")),
                Map.of(BASE.resolve("src/A.java"), List.of("void f(String... names) {")));
    }

    private static void check(Block block, Map<Path, List<String>> sources) {
        for (String line : block.lines()) {
            assertThat(ELISION.matcher(line).find())
                    .as("README.md line %d: the block elides code with \"...\" in <%s>; a reader must be able to paste"
                            + " it, so show real lines from the example", block.line(), line)
                    .isFalse();
        }
        for (List<String> file : sources.values()) {
            if (Collections.indexOfSubList(file, block.lines()) >= 0) {
                return;
            }
        }
        throw new AssertionError(missing(block, sources));
    }

    private static String missing(Block block, Map<Path, List<String>> sources) {
        Path closest = null;
        int found = 0;
        for (Map.Entry<Path, List<String>> file : sources.entrySet()) {
            int inFile = (int) block.lines().stream().filter(file.getValue()::contains).count();
            if (inFile > found) {
                found = inFile;
                closest = file.getKey();
            }
        }
        StringBuilder message = new StringBuilder().append("The ").append(block.language())
                .append(" block at README.md line ").append(block.line())
                .append(" does not appear, line for line, in any file under examples/ or examples-spring/:\n");
        block.lines().stream().limit(3).forEach(line -> message.append("  ").append(line).append('\n'));
        if (closest == null) {
            message.append("No example file has any of its lines.");
        } else {
            List<String> file = sources.get(closest);
            String firstMissing = block.lines().stream().filter(line -> !file.contains(line)).findFirst()
                    .orElse("(every line is there, but not in this order or not together)");
            message.append("Closest: ").append(BASE.getParent().relativize(closest)).append(" (").append(found)
                    .append(" of ").append(block.lines().size()).append(" lines; first line not there: ")
                    .append(firstMissing).append(')');
        }
        return message.append("\nCopy the block from the example, or make the example run what the README shows.")
                .toString();
    }

    static List<Block> blocks() {
        List<String> readme = read(BASE.resolve("../README.md").normalize());
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            Matcher open = FENCE.matcher(readme.get(i));
            if (!open.matches()) {
                continue;
            }
            int start = i;
            List<String> body = new ArrayList<>();
            for (i++; i < readme.size() && !readme.get(i).startsWith("```"); i++) {
                body.add(readme.get(i));
            }
            blocks.add(new Block(start + 1, open.group(1), normalized(body)));
        }
        return blocks;
    }

    private static Map<Path, List<String>> exampleSources() {
        Map<Path, List<String>> sources = new LinkedHashMap<>();
        for (Path root : List.of(BASE.resolve("src"), BASE.resolve("datasets"), BASE.resolve("pom.xml"),
                BASE.resolve("../examples-spring/src").normalize())) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile)
                        .filter(file -> !file.toString().contains("/target/"))
                        .filter(file -> file.toString().matches(".*\\.(java|xml|ya?ml|properties|sql)"))
                        .forEach(file -> sources.put(file, normalized(read(file))));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the example files under " + root, e);
            }
        }
        assertThat(sources).as("example files under %s", BASE).isNotEmpty();
        return sources;
    }

    /** Whitespace runs become one space and blank lines go, so indentation and wrapping may differ. */
    private static List<String> normalized(List<String> lines) {
        return lines.stream().map(line -> line.strip().replaceAll("\\s+", " ")).filter(line -> !line.isEmpty())
                .toList();
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " (run the examples from the examples/ directory,"
                    + " or set -Dexamples.basedir)", e);
        }
    }
}
