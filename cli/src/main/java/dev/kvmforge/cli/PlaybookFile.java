package dev.kvmforge.cli;

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
 * The playbook a run reads: a file the operator names, or a shipped playbook copied (with its folder) to a
 * temporary folder that {@link #close()} removes.
 *
 * @param path      the playbook file to read
 * @param temporary the folder to remove afterwards, or null
 */
record PlaybookFile(Path path, Path temporary) implements AutoCloseable {

    /** {@code argument} as a path when such a file exists, else the shipped playbook of that name. */
    static PlaybookFile resolve(String argument) {
        Path file = Path.of(argument);
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
    boolean shipped() {
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
