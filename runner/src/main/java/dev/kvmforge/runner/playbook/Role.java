package dev.kvmforge.runner.playbook;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A role as a play uses it: where it lives, its default variables and variables (as read from {@code defaults/} and
 * {@code vars/}), and the parameters it was given ({@code roles: [{role: x, port: 80}]}, {@code vars:} of the entry,
 * {@code import_role}'s {@code vars}). Its tasks and handlers are read into the play's task tree and handlers; a task
 * of the role names it ({@link Task#role}), which decides the variables it sees and where its files are looked up.
 *
 * @param name     the role's name ({@code role_name}): the directory's name
 * @param dir      its directory ({@code role_path})
 * @param defaults {@code defaults/main.yml} (or {@code defaults_from}): the lowest precedence of all
 * @param vars     {@code vars/main.yml} (or {@code vars_from}): above play vars and vars files
 * @param params   the parameters given where the role is used: above task vars, below extra vars
 */
public record Role(String name, Path dir, Map<String, Object> defaults, Map<String, Object> vars,
                   Map<String, Object> params) {

    public Role {
        defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The name Ansible shows before a task of this role: {@code TASK [name : task]}. */
    public String qualify(String taskName) {
        return name + " : " + taskName;
    }
}
