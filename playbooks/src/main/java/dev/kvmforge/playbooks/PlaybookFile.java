package dev.kvmforge.playbooks;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Suggestions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The playbook a run reads, as every door names it: a file the operator names, or a shipped playbook (see
 * {@link ShippedPlaybooks}) copied with its folder to a temporary folder that {@link #close()} removes.
 *
 * <pre>{@code
 * try (PlaybookFile file = PlaybookFile.resolve("kvm-host")) {
 *     PlaybookRun.of(file.path()).run();
 * }
 * }</pre>
 *
 * @param path      the playbook file to read
 * @param temporary the folder to remove afterwards, or null
 */
public record PlaybookFile(Path path, Path temporary) implements AutoCloseable {

    /** {@code argument} as a path (relative to the working directory) when such a file exists, else a shipped name. */
    public static PlaybookFile resolve(String argument) {
        return resolve(argument, null);
    }

    /**
     * {@code argument} as a path when such a file exists, else the shipped playbook of that name.
     *
     * @param argument a playbook file, or the name of a shipped playbook ({@code kvm-host} or {@code kvm-host.yml})
     * @param baseDir  what a relative path is relative to (a Maven project's folder), or null for the working
     *                 directory
     * @throws KvmforgeException when it is neither a file nor a shipped name: what, and a hint naming the nearest
     *                           shipped playbooks
     */
    public static PlaybookFile resolve(String argument, Path baseDir) {
        if (argument == null || argument.isBlank()) {
            throw KvmforgeException.options("no playbook given", "name a playbook file, or a shipped playbook: "
                    + String.join(", ", ShippedPlaybooks.names()));
        }
        Path file = baseDir == null ? Path.of(argument) : baseDir.resolve(argument);
        if (Files.isRegularFile(file)) {
            return new PlaybookFile(file, null);
        }
        if (Files.isDirectory(file)) {
            throw new KvmforgeException(ErrorKind.GENERAL, "the playbook: " + argument + " is a folder", null,
                    "give the playbook file inside it, such as " + file.resolve("site.yml"));
        }
        Path temp;
        try {
            temp = Files.createTempDirectory("kvmforge-playbook-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<Path> shipped = ShippedPlaybooks.extract(argument, temp);
        if (shipped.isPresent()) {
            return new PlaybookFile(shipped.get(), temp);
        }
        delete(temp);
        List<String> names = ShippedPlaybooks.names();
        throw new KvmforgeException(ErrorKind.GENERAL, "the playbook: " + argument + " could not be found", null,
                names.isEmpty() ? "check the path" : "check the path, or name a shipped playbook: "
                        + (Suggestions.nearest(argument, names).isEmpty() ? String.join(", ", names)
                        : Suggestions.hint(argument, names, "playbooks")));
    }

    /** Whether this is a shipped playbook rather than the operator's file. */
    public boolean shipped() {
        return temporary != null;
    }

    @Override
    public void close() {
        if (temporary != null) {
            delete(temporary);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
