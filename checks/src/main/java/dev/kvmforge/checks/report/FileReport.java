package dev.kvmforge.checks.report;

import dev.kvmforge.checks.ResultCollector;
import dev.kvmforge.checks.VerificationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A report written to a file when the run is over, all at once: the text goes to a temporary file beside it, which
 * then replaces the file, so a reader (node_exporter, a CI server) never sees half a report. A failure to write is
 * kept for the caller ({@link #failure()}): listeners cannot fail a run.
 */
public abstract class FileReport extends ResultCollector {

    private final Path file;
    private IOException failure;

    protected FileReport(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** Where the report goes. */
    public Path file() {
        return file;
    }

    /** Why the report could not be written, if it could not. */
    public Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    /** The report's text. */
    protected abstract String render(VerificationResult result);

    @Override
    protected final void runFinished(VerificationResult result) {
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, render(result), StandardCharsets.UTF_8);
                // createTempFile makes it 0600; a report is for others too (node_exporter runs as its own user)
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            failure = e;
        }
    }
}
