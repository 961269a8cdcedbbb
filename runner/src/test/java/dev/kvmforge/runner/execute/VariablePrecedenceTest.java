package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kvmforge.runner.inventory.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ansible's variable precedence, a level at a time: for level N, the same variable is set at every level up to N,
 * and a task of a role must see level N's value. So each case shows that its level beats all those below it; the
 * next case, that the next level beats it. The order is the one Ansible documents ("Understanding variable
 * precedence") and ansible-core's VariableManager applies.
 */
class VariablePrecedenceTest {

    /** The levels, lowest first; each sets {@code V} to its own name. */
    static final List<String> LEVELS = List.of("role-defaults", "inventory-group-all", "inventory-group",
            "inventory-group_vars-all", "playbook-group_vars-all", "inventory-group_vars-group",
            "playbook-group_vars-group", "inventory-host", "inventory-host_vars", "playbook-host_vars", "facts",
            "play-vars", "vars_files", "role-vars", "block-vars", "task-vars", "include_vars", "set_fact",
            "registered", "role-params", "include-params", "extra-vars");

    /** The variable: a fact name, so that the facts level is gathering facts. */
    static final String V = "ansible_hostname";

    @TempDir
    Path dir;

    static List<String> levels() {
        return LEVELS;
    }

    @ParameterizedTest(name = "{0} beats every level below it")
    @MethodSource("levels")
    void eachLevelBeatsTheOnesBelow(String level) throws Exception {
        int n = LEVELS.indexOf(level);
        PlaybookFixture f = new PlaybookFixture(dir);
        f.write("inventory/hosts.ini", """
                [all:vars]
                %s
                [kvm]
                localhost ansible_connection=local %s
                [kvm:vars]
                %s
                """.formatted(set(n, "inventory-group-all", "="), set(n, "inventory-host", "="),
                set(n, "inventory-group", "=")));
        file(f, n, "role-defaults", "roles/r/defaults/main.yml");
        file(f, n, "inventory-group_vars-all", "inventory/group_vars/all.yml");
        file(f, n, "playbook-group_vars-all", "group_vars/all.yml");
        file(f, n, "inventory-group_vars-group", "inventory/group_vars/kvm.yml");
        file(f, n, "playbook-group_vars-group", "group_vars/kvm.yml");
        file(f, n, "inventory-host_vars", "inventory/host_vars/localhost.yml");
        file(f, n, "playbook-host_vars", "host_vars/localhost.yml");
        f.write("vars.yml", n >= LEVELS.indexOf("vars_files") ? set(n, "vars_files", ": ") + "\n" : "# none\n");
        file(f, n, "role-vars", "roles/r/vars/main.yml");
        f.write("included.yml", n >= LEVELS.indexOf("include_vars") ? set(n, "include_vars", ": ") + "\n"
                : "# none\n");
        f.write("roles/r/tasks/main.yml", """
                - include_tasks: probe.yml
                  vars: {%s}
                """.formatted(set(n, "include-params", ": ")));
        f.write("roles/r/tasks/probe.yml", """
                - name: probe
                  debug:
                    msg: "{{ %s if %s is string else %s.stdout }}"
                  vars: {%s}
                """.formatted(V, V, V, set(n, "task-vars", ": ")));
        boolean registered = n >= LEVELS.indexOf("registered");
        String playbook = """
                - hosts: kvm
                  gather_facts: %s
                  vars: {%s}
                  vars_files: [vars.yml]
                  tasks:
                    - include_vars: included.yml
                    - set_fact: {%s}
                      when: %s
                    - command: echo registered
                      register: %s
                      when: %s
                    - block:
                        - import_role:
                            name: r
                          vars: {%s}
                      vars: {%s}
                """.formatted(n >= LEVELS.indexOf("facts"), set(n, "play-vars", ": "), set(n, "set_fact", ": "),
                n >= LEVELS.indexOf("set_fact"), registered ? V : "unused", registered,
                set(n, "role-params", ": "), set(n, "block-vars", ": "));
        RunOptions options = RunOptions.defaults();
        if (n >= LEVELS.indexOf("extra-vars")) {
            options = options.withExtraVars(Map.of(V, "extra-vars"));
        }
        RunResult r = f.run(playbook, options, Inventory.load(dir.resolve("inventory/hosts.ini")));
        assertEquals(0, r.exitCode(), f.console());
        String expected = level.equals("facts") ? shortHostname() : level;
        assertEquals(expected, String.valueOf(f.result("r : probe").values().get("msg")), f.console());
    }

    /** {@code V<sep>level} when level is at or below {@code n}, else a harmless other variable. */
    private static String set(int n, String level, String sep) {
        return (LEVELS.indexOf(level) <= n ? V : "unset_" + level.replaceAll("\\W", "_")) + sep + level;
    }

    private static void file(PlaybookFixture f, int n, String level, String path) {
        if (LEVELS.indexOf(level) <= n) {
            f.write(path, set(n, level, ": ") + "\n");
        }
    }

    private static String shortHostname() throws Exception {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip().split("\\.", 2)[0];
    }
}
