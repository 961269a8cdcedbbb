package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replace} on files of the local host: the results ansible-core's replace.py computes ({@code re.subn},
 * MULTILINE, over the section).
 */
class ReplaceModuleTest {

    @TempDir
    Path dir;

    private final ReplaceModule module = new ReplaceModule();

    private Path file(String text) throws Exception {
        Path f = dir.resolve("qemu.conf");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void replacesEveryMatchLineByLineAndASecondRunIsOk() throws Exception {
        Path f = file("#user = \"root\"\n#group = \"root\"\nvnc_listen = \"0.0.0.0\"\n");
        Map<String, Object> args = Map.of("path", f.toString(), "regexp", "^#(user|group) = .*$",
                "replace", "\\1 = \"libvirt-qemu\"");
        TaskRun dry = TaskRun.check(module, args);
        assertTrue(dry.changed());
        assertEquals("2 replacements made", dry.result().values().get("msg"));
        assertTrue(Files.readString(f).startsWith("#user"), "check mode changes nothing");
        assertTrue(dry.diffs().get(0).after().contains("group = \"libvirt-qemu\""), dry.diffs().toString());
        TaskRun.run(module, args);
        assertEquals("user = \"libvirt-qemu\"\ngroup = \"libvirt-qemu\"\nvnc_listen = \"0.0.0.0\"\n",
                Files.readString(f));
        TaskRun again = TaskRun.run(module, args);
        assertFalse(again.changed(), "second run");
        assertEquals("", again.result().values().get("msg"));
    }

    @Test
    void namedGroupsAndASectionBetweenAfterAndBefore() throws Exception {
        Path f = file("[a]\nport=1\n[b]\nport=2\n[c]\nport=3\n");
        TaskRun.run(module, Map.of("path", f.toString(), "regexp", "^port=(?P<n>\\d)$", "replace",
                "port=\\g<n>0", "after", "\\[b\\]", "before", "\\[c\\]"));
        assertEquals("[a]\nport=1\n[b]\nport=20\n[c]\nport=3\n", Files.readString(f));
        TaskRun none = TaskRun.run(module, Map.of("path", f.toString(), "regexp", "x", "after", "\\[nowhere\\]"));
        assertFalse(none.changed());
        assertTrue(((String) none.result().values().get("msg")).startsWith("Pattern for before/after params did not"
                + " match the given file"), none.result().values().toString());
    }

    @Test
    void aMissingFileAndMissingArgumentsAreClearErrors() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(module,
                Map.of("path", dir.resolve("nope").toString(), "regexp", "x")));
        assertEquals("Path " + dir.resolve("nope") + " does not exist !", e.what());
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("regexp", "x"), Map.of("path", "/x"),
                Map.of("path", "/x", "regexp", "x", "replce", "y"))) {
            assertThrows(KvmforgeException.class, () -> Parameters.bind(module, bad), bad.toString());
        }
    }
}
