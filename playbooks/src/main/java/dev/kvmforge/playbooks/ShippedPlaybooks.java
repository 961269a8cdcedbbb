package dev.kvmforge.playbooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The playbooks shipped in the kvmforge-playbooks jar, under {@code dev/kvmforge/playbooks/NAME.yml}, with the
 * folders they use ({@code templates/}, {@code files/}). Found on the class path, as a folder (in the build tree) or
 * inside a jar. Both doors (the CLI and the Maven plugin) find playbooks by name through here, usually through
 * {@link PlaybookFile#resolve(String, Path)}.
 */
public final class ShippedPlaybooks {

    /** Where the shipped playbooks live on the class path. */
    public static final String FOLDER = "dev/kvmforge/playbooks";

    private ShippedPlaybooks() {
    }

    /** The names of the shipped playbooks ({@code kvm-host} for {@code kvm-host.yml}), sorted. */
    public static List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (URL root : roots()) {
            withFolder(root, folder -> {
                try (Stream<Path> files = Files.list(folder)) {
                    files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
                            .forEach(n -> names.add(n.substring(0, n.lastIndexOf('.'))));
                }
                return null;
            });
        }
        return List.copyOf(names);
    }

    /**
     * Copies the folder holding the shipped playbook {@code name} (with or without {@code .yml}) into {@code target}
     * and returns the playbook's path there; empty when no shipped playbook has that name.
     */
    public static Optional<Path> extract(String name, Path target) {
        String base = name.replaceFirst("\\.ya?ml$", "");
        if (base.isEmpty() || base.contains("/") || base.contains("\\")) {
            return Optional.empty();
        }
        for (URL root : roots()) {
            Optional<Path> found = withFolder(root, folder -> {
                for (String file : List.of(base + ".yml", base + ".yaml")) {
                    if (Files.isRegularFile(folder.resolve(file))) {
                        copyTree(folder, target);
                        return Optional.of(target.resolve(file));
                    }
                }
                return Optional.<Path>empty();
            });
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static List<URL> roots() {
        try {
            return Collections.list(ShippedPlaybooks.class.getClassLoader().getResources(FOLDER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface FolderWork<T> {
        T on(Path folder) throws IOException;
    }

    /** Runs {@code work} on {@code root} as a {@link Path}, opening its jar when it is in one. */
    private static <T> T withFolder(URL root, FolderWork<T> work) {
        try {
            if (root.getProtocol().equals("jar")) {
                String spec = root.getPath();
                int bang = spec.indexOf("!/");
                Path jar = Path.of(new URI(spec.substring(0, bang)));
                try (FileSystem fs = FileSystems.newFileSystem(jar)) {
                    return work.on(fs.getPath(spec.substring(bang + 1)));
                }
            }
            return work.on(Path.of(root.toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read the shipped playbooks at " + root, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(all::add);
        }
        for (Path p : all) {
            Path dest = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(dest);
            } else {
                Files.createDirectories(dest.getParent());
                Files.copy(p, dest);
            }
        }
    }
}
