package dev.kvmforge.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of DESIGN.md, read from the sources of every module of the reactor: which package uses which (its
 * imports and the fully qualified names in its code, comments left out). No circle between packages; the engines
 * (runner, checks) use no door (cli, maven); {@code connection} and {@code host} use no module; the runner uses
 * nothing of the checks; every package says what it owns in a {@code package-info.java}.
 */
class ImportRulesTest {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    /** A use of one of our packages: the lower-case segments before a type's upper-case name. */
    private static final Pattern USE = Pattern.compile("\\b(dev\\.kvmforge(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    /** Package to the packages it uses, for every main source file of the reactor. */
    private static final Map<String, Set<String>> USES = new TreeMap<>();
    private static final Map<String, Set<Path>> FILES = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("pom.xml")), "the reactor's root is above the runner: " + root);
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(ImportRulesTest::read);
                }
            }
        }
        assertTrue(USES.keySet().containsAll(List.of("dev.kvmforge.runner.execute", "dev.kvmforge.checks.engine",
                "dev.kvmforge.cli", "dev.kvmforge.maven")), "every module was read: " + USES.keySet());
    }

    private static void read(Path file) {
        try {
            String text = Files.readString(file);
            Matcher p = PACKAGE.matcher(text);
            if (!p.find()) {
                return;
            }
            String pkg = p.group(1);
            FILES.computeIfAbsent(pkg, k -> new TreeSet<>()).add(file.getFileName());
            Set<String> uses = USES.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = USE.matcher(code(text));
            while (m.find()) {
                if (!m.group(1).equals(pkg)) {
                    uses.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text without comments, string and character literals (text blocks included): code alone. */
    static String code(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int next;
            if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                next = end < 0 ? text.length() : end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                next = end < 0 ? text.length() : end + 2;
            } else if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                next = end < 0 ? text.length() : end + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c) {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                next = j + 1;
            } else {
                out.append(c);
                i++;
                continue;
            }
            out.append(' ');
            i = next;
        }
        return out.toString();
    }

    private static List<String> arrows(String from, String to) {
        List<String> found = new ArrayList<>();
        USES.forEach((pkg, uses) -> {
            if (inside(pkg, from)) {
                uses.stream().filter(u -> inside(u, to)).forEach(u -> found.add(pkg + " -> " + u));
            }
        });
        return found;
    }

    private static boolean inside(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    @Test
    void noCircleBetweenPackages() {
        assertEquals(List.of(), circles(), "packages that use each other, through the arrows above");
    }

    /** Tarjan's strongly connected components of more than one package. */
    private static List<Set<String>> circles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> found = new ArrayList<>();
        for (String v : USES.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, found);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                                List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : USES.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    @Test
    void theEnginesUseNoDoor() {
        for (String engine : List.of("dev.kvmforge.runner", "dev.kvmforge.checks")) {
            for (String door : List.of("dev.kvmforge.cli", "dev.kvmforge.maven")) {
                assertEquals(List.of(), arrows(engine, door), engine + " must not know " + door);
                assertFalse(arrows(door, engine).isEmpty(), door + " uses " + engine + ": the reading sees uses");
            }
        }
    }

    @Test
    void connectionsAndTheHostApiUseNoModule() {
        assertEquals(List.of(), arrows("dev.kvmforge.runner.connection", "dev.kvmforge.runner.modules"));
        assertEquals(List.of(), arrows("dev.kvmforge.runner.host", "dev.kvmforge.runner.modules"));
        assertEquals(List.of(), arrows("dev.kvmforge.runner.connection", "dev.kvmforge.runner.host"),
                "a connection runs commands; the host API is built on it, not the other way round");
    }

    @Test
    void theRunnerUsesNothingOfTheChecks() {
        assertEquals(List.of(), arrows("dev.kvmforge.runner", "dev.kvmforge.checks"));
    }

    @Test
    void everyPackageSaysWhatItOwns() {
        List<String> without = FILES.entrySet().stream()
                .filter(e -> !e.getValue().contains(Path.of("package-info.java"))).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), without, "packages without a package-info.java");
    }
}
