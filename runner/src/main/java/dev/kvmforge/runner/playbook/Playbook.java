package dev.kvmforge.runner.playbook;

import java.nio.file.Path;
import java.util.List;

/**
 * A playbook: its file and its plays, in order, and what reading it found to warn about (settings of ansible.cfg that
 * kvmforge does not apply).
 */
public record Playbook(Path file, List<Play> plays, List<String> warnings) {

    public Playbook {
        plays = List.copyOf(plays);
        warnings = List.copyOf(warnings);
    }

    /** The folder relative paths are resolved against. */
    public Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
