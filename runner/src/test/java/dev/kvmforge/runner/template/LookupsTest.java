package dev.kvmforge.runner.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups as functions in templates, reading the controller's files where Ansible reads them. */
class LookupsTest {

    @TempDir
    Path dir;

    private final Templar templar = new Templar();
    private Map<String, Object> vars;

    @BeforeEach
    void files() throws Exception {
        Path role = dir.resolve("roles/web");
        Files.createDirectories(role.resolve("files"));
        Files.createDirectories(role.resolve("defaults"));
        Files.createDirectories(dir.resolve("files"));
        Files.writeString(role.resolve("files/motd"), "from the role\n");
        Files.writeString(dir.resolve("files/motd"), "from the playbook\n");
        Files.writeString(dir.resolve("files/only-here"), "playbook only\n");
        Files.writeString(role.resolve("defaults/main.yml"), "a: 1\n");
        Files.writeString(role.resolve("defaults/Debian.yml"), "b: 2\n");
        Files.writeString(role.resolve("Debian.yml"), "c: 3\n");
        Files.createDirectories(role.resolve("templates"));
        Files.writeString(role.resolve("templates/family.j2"), "family: {{ family }}");
        vars = Map.of("role_path", role.toString(), "playbook_dir", dir.toString(), "name", "motd",
                "family", "Debian");
    }

    private Object render(String text) {
        return templar.render(text, vars);
    }

    @Test
    void fileAndEnvAndVars() {
        assertEquals("from the role", render("{{ lookup('file', name) }}"), "the role's files/ first");
        assertEquals("playbook only", render("{{ lookup('ansible.builtin.file', 'only-here') }}"),
                "then the playbook's files/; the FQCN names the same lookup");
        assertEquals(System.getenv("HOME"), render("{{ lookup('env', 'HOME') }}"));
        assertEquals("fallback", render("{{ lookup('env', 'KVMFORGE_NOT_SET', default='fallback') }}"));
        assertEquals("Debian", render("{{ lookup('vars', 'fam' + 'ily') }}"));
        assertEquals("family: Debian", render("{{ lookup('template', 'family.j2') }}"), "the role's templates/");
    }

    @Test
    void firstFoundAndFileglob() {
        assertEquals(dir.resolve("roles/web/Debian.yml").toString(),
                render("{{ lookup('first_found', ['nothere.yml', family + '.yml']) }}"));
        assertEquals(dir.resolve("roles/web/defaults/Debian.yml").toString(), render(
                "{{ lookup('first_found', {'files': [family + '.yml', 'main.yml'], 'paths': ['defaults']}) }}"));
        assertEquals(List.of(), render("{{ query('first_found', ['nothere.yml'], skip=True) }}"));
        KvmforgeException none = assertThrows(KvmforgeException.class,
                () -> render("{{ lookup('first_found', ['nothere.yml']) }}"));
        assertTrue(none.getMessage().contains("No file was found when using first_found"), none.getMessage());
        assertEquals(List.of(dir.resolve("roles/web/defaults/Debian.yml").toString(),
                dir.resolve("roles/web/defaults/main.yml").toString()),
                render("{{ lookup('fileglob', 'defaults/*', wantlist=True) }}"));
    }

    @Test
    void queryGivesListsLookupJoinsThem() {
        assertEquals(List.of("1", "2", "3"), render("{{ q('sequence', 'start=1 end=3') }}"));
        assertEquals("1,2,3", render("{{ lookup('sequence', 'start=1 end=3') }}"));
        assertEquals(List.of(Map.of("key", "a", "value", 1L)), render("{{ query('dict', {'a': 1}) }}"));
        assertEquals(List.of(), render("{{ query('file', 'nothere', errors='ignore') }}"));
        KvmforgeException unknown = assertThrows(KvmforgeException.class,
                () -> render("{{ lookup('password', '/tmp/x') }}"));
        assertTrue(unknown.getMessage().contains("there is no lookup 'password'"), unknown.getMessage());
    }
}
