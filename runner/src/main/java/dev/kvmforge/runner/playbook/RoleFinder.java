package dev.kvmforge.runner.playbook;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds roles as Ansible does: a path (relative to the playbook), else {@code roles/NAME} beside the playbook, then
 * each directory of {@code roles_path}, then the playbook's directory; and the files of a role's parts
 * ({@code tasks/main.yml}, {@code main.yaml} or {@code main}).
 */
final class RoleFinder {

    private final List<Path> rolesPath;

    RoleFinder(List<Path> rolesPath) {
        this.rolesPath = List.copyOf(rolesPath);
    }

    /** The directory of role {@code name}, used by a play in {@code playDir}; a missing role is an error at {@code at}. */
    Path find(String name, Path playDir, SourceLocation at) {
        List<Path> tried = new ArrayList<>();
        if (name.contains("/")) {
            tried.add(playDir.resolve(name));
        } else {
            if (name.chars().filter(c -> c == '.').count() >= 2) {
                throw KvmforgeException.parse(at, "role '" + name + "' is in a collection: roles from collections"
                        + " are not supported yet", "put the role's directory in roles/ beside the playbook and name"
                        + " it by its directory name");
            }
            tried.add(playDir.resolve("roles").resolve(name));
            rolesPath.forEach(p -> tried.add(p.resolve(name)));
            tried.add(playDir.resolve(name));
        }
        for (Path p : tried) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw KvmforgeException.parse(at, "the role '" + name + "' was not found in " + String.join(":",
                tried.stream().map(Path::toString).toList()), "put it in roles/ beside the playbook, or add its"
                + " parent directory to roles_path in ansible.cfg (or ANSIBLE_ROLES_PATH)");
    }

    /** A part's file: {@code dir/part/from.yml}, {@code .yaml} or {@code from} as is; empty when there is none. */
    static Optional<Path> partFile(Path roleDir, String part, String from) {
        Path base = roleDir.resolve(part);
        for (String name : List.of(from + ".yml", from + ".yaml", from)) {
            Path p = base.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
