package dev.kvmforge.runner.report;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.EventListener;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes every event as one JSON object on its own line, flushed at once, so another program can follow a run as it
 * goes ({@code tail -f}, {@code jq}):
 *
 * <pre>{"event":"host_result","host":"web1","task":"install qemu","status":"changed",...}</pre>
 *
 * <p>Keys are snake_case; see {@link EventFields} for how values are written. Written by the one mapper
 * ({@link dev.kvmforge.runner.yaml.Yaml#binder()}). Thread-safe.
 */
public final class JsonLinesReporter implements EventListener {

    private final Path file;
    private final Writer writer;
    private boolean closed;

    /** Creates (or empties) {@code file} and writes events to it; its folder is created when missing. */
    public JsonLinesReporter(Path file) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    @Override
    public synchronized void on(Event event) {
        if (closed) {
            return;
        }
        try {
            writer.write(JsonText.compact(EventFields.of(event)));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    private static KvmforgeException cannotWrite(Path file, IOException e) {
        return new KvmforgeException(ErrorKind.GENERAL, "cannot write the JSON lines report: " + e.getMessage(),
                file.toString(), "check that the folder exists and is writable", e);
    }
}
