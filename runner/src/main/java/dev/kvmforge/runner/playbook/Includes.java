package dev.kvmforge.runner.playbook;

import java.util.Set;

/** The task keywords that bring in other tasks, and what each takes. */
final class Includes {

    /** Without an {@code ansible.builtin.} or {@code ansible.legacy.} prefix. */
    static final Set<String> KEYWORDS = Set.of("import_tasks", "include_tasks", "import_role", "include_role",
            "include");

    /** The keywords of a {@code roles:} entry (or a role dependency) that are not role parameters. */
    static final Set<String> ROLE_ENTRY_KEYWORDS = Set.of("when", "tags", "become", "become_user", "become_method",
            "environment", "vars", "check_mode", "ignore_errors", "no_log", "diff", "run_once", "any_errors_fatal");

    private Includes() {
    }

    /** The arguments {@code kind} takes. */
    static Set<String> arguments(String kind) {
        return switch (kind) {
            case "import_tasks" -> Set.of("file");
            case "include_tasks" -> Set.of("file", "apply");
            case "import_role" -> Set.of("name", "tasks_from", "vars_from", "defaults_from", "handlers_from",
                    "public", "allow_duplicates", "rolespec_validate");
            default -> Set.of("name", "tasks_from", "vars_from", "defaults_from", "handlers_from", "public",
                    "allow_duplicates", "rolespec_validate", "apply");
        };
    }
}
