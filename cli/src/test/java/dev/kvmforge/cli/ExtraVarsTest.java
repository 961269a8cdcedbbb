package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.connection.Controller;
import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -e} as ansible-playbook reads it. */
class ExtraVarsTest {

    @TempDir
    Path dir;

    @Test
    void keyValuePairsAreStrings() {
        assertEquals(Map.of("a", "1", "b", "two words", "c", "x=y", "d", ""),
                ExtraVars.parse(List.of("a=1 b=\"two words\"", "c=x=y d="), Controller.thisProcess()));
    }

    @Test
    void laterValuesOverrideEarlierOnes() {
        assertEquals(Map.of("a", "2"), ExtraVars.parse(List.of("a=1", "a=2"), Controller.thisProcess()));
    }

    @Test
    void jsonAndYamlFilesAndInlineJsonKeepTheirTypes() throws Exception {
        Path yaml = dir.resolve("v.yml");
        Files.writeString(yaml, "size: 20\nnames: [a, b]\n");
        Map<String, Object> v = ExtraVars.parse(List.of("@" + yaml, "{\"on\": true, \"size\": 30}"),
                Controller.thisProcess());
        assertEquals(30L, ((Number) v.get("size")).longValue());
        assertEquals(List.of("a", "b"), v.get("names"));
        assertEquals(true, v.get("on"));
    }

    @Test
    void mistakesAreOptionErrors() {
        for (String bad : List.of("novalue", "1a=x", "a='open", "{not json", "@" + dir.resolve("list.yml"))) {
            if (bad.startsWith("@")) {
                try {
                    Files.writeString(dir.resolve("list.yml"), "- a\n");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            KvmforgeException e = assertThrows(KvmforgeException.class,
                    () -> ExtraVars.parse(List.of(bad), Controller.thisProcess()), bad);
            assertEquals(ErrorKind.OPTIONS, e.kind(), bad + ": " + e.getMessage());
        }
    }
}
