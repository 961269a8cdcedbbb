package dev.kvmforge.runner.modules;

import static dev.kvmforge.runner.modules.FileChecks.text;
import static dev.kvmforge.runner.modules.FileChecks.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.template.TemplateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code template} against the real local host. */
class TemplateModuleTest {

    static final TemplateModule TEMPLATE = new TemplateModule();
    static final Map<String, Object> VARS = Map.of("listen", "0.0.0.0", "networks", List.of("default", "isolated"));

    @TempDir
    Path dir;
    Path playbook;

    @BeforeEach
    void templates() throws IOException {
        playbook = dir.resolve("pb");
        Files.createDirectories(playbook.resolve("templates"));
        write(playbook.resolve("templates/libvirtd.conf.j2"),
                "# {{ ansible_managed }}\nlisten_addr = \"{{ listen }}\"\n{% for n in networks %}\nnet {{ n }}\n{% endfor %}\n");
    }

    TaskRun run(Map<String, Object> args, boolean check, Map<String, Object> vars) {
        return TaskRun.run(TEMPLATE, args, check, vars, playbook);
    }

    @Test
    void rendersCreatesAndIsIdempotent() {
        Path dest = dir.resolve("libvirtd.conf");
        Map<String, Object> args = Map.of("src", "libvirtd.conf.j2", "dest", dest.toString(), "mode", "0644");
        String expected = "# Ansible managed\nlisten_addr = \"0.0.0.0\"\nnet default\nnet isolated\n";
        TaskRun check = run(args, true, VARS);
        assertEquals(List.of(new Diff(dest.toString(), "", expected)), check.diffs());
        assertFalse(Files.exists(dest));
        assertTrue(run(args, false, VARS).changed());
        assertEquals(expected, text(dest));
        assertFalse(run(args, false, VARS).changed());
    }

    @Test
    void otherMarksWhitespaceControlAndLineEndingsAreTheTemplatesOwn() throws IOException {
        // a file whose own syntax uses {{ }} (a Go template, a Helm chart) rendered with other marks
        write(playbook.resolve("templates/helm.j2"), "image: {{ .Values.image }}\nlisten: [[ listen ]]\n"
                + "<% for n in networks %>\n  - [[ n ]]\n<% endfor %>\n<# not shown #>end\n");
        Path dest = dir.resolve("values.yaml");
        Map<String, Object> args = new java.util.HashMap<>(Map.of("src", "helm.j2", "dest", dest.toString(),
                "variable_start_string", "[[", "variable_end_string", "]]", "block_start_string", "<%",
                "block_end_string", "%>", "comment_start_string", "<#", "comment_end_string", "#>"));
        assertTrue(run(args, false, VARS).changed());
        assertEquals("image: {{ .Values.image }}\nlisten: 0.0.0.0\n  - default\n  - isolated\nend\n",
                Files.readString(dest));
        assertFalse(run(args, false, VARS).changed());

        write(playbook.resolve("templates/ws.j2"), "a\n    {% if true %}\nb\n    {% endif %}\nc\n");
        Path ws = dir.resolve("ws");
        run(Map.of("src", "ws.j2", "dest", ws.toString(), "lstrip_blocks", true), false, VARS);
        assertEquals("a\nb\nc\n", Files.readString(ws));
        run(Map.of("src", "ws.j2", "dest", ws.toString(), "trim_blocks", false), false, VARS);
        assertEquals("a\n    \nb\n    \nc\n", Files.readString(ws));
        run(Map.of("src", "ws.j2", "dest", ws.toString(), "lstrip_blocks", true, "newline_sequence", "\\r\\n"),
                false, VARS);
        assertEquals("a\r\nb\r\nc\r\n", Files.readString(ws));
        assertThrows(KvmforgeException.class, () -> run(Map.of("src", "ws.j2", "dest", ws.toString(),
                "newline_sequence", "x"), false, VARS));
    }

    @Test
    void changedVariableShowsTheDiff() {
        Path dest = dir.resolve("libvirtd.conf");
        Map<String, Object> args = Map.of("src", "libvirtd.conf.j2", "dest", dest.toString());
        run(args, false, VARS);
        TaskRun r = run(args, false, Map.of("listen", "127.0.0.1", "networks", List.of("default")));
        assertTrue(r.changed());
        assertEquals("# Ansible managed\nlisten_addr = \"0.0.0.0\"\nnet default\nnet isolated\n", r.diffs().get(0).before());
        assertEquals("# Ansible managed\nlisten_addr = \"127.0.0.1\"\nnet default\n", r.diffs().get(0).after());
    }

    @Test
    void undefinedVariableIsAnError() {
        TemplateException e = assertThrows(TemplateException.class, () -> run(
                Map.of("src", "libvirtd.conf.j2", "dest", dir.resolve("x").toString()), false, Map.of("listen", "x")));
        assertTrue(e.what().startsWith("'networks' is undefined"), e.what());
    }

    @Test
    void missingTemplateNamesTheParameter() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> run(
                Map.of("src", "nope.j2", "dest", dir.resolve("x").toString()), false, VARS));
        assertTrue(e.what().startsWith("template: src 'nope.j2' not found: no file at "
                + playbook.toAbsolutePath().resolve("templates/nope.j2")), e.what());
        assertTrue(assertThrows(KvmforgeException.class, () -> run(Map.of("src", "a.j2"), false, VARS)).what()
                .contains("'dest' is required"));
    }
}
