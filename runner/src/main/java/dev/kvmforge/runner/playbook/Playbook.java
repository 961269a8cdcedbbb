package dev.kvmforge.runner.playbook;

import java.nio.file.Path;
import java.util.List;

/** A playbook: its file and its plays, in order. */
public record Playbook(Path file, List<Play> plays) {

    public Playbook {
        plays = List.copyOf(plays);
    }

    /** The folder relative paths are resolved against. */
    public Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
