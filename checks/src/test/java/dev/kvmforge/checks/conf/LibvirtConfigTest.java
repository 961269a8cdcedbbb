package dev.kvmforge.checks.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LibvirtConfigTest {

    @Test
    void readsNumbersStringsAndComments() {
        LibvirtConfig c = LibvirtConfig.parse("""
                # Master libvirt daemon configuration file
                #listen_tcp = 1
                listen_tcp = 1   # turned on by the tutorial
                auth_tcp = "none"
                unix_sock_group = 'libvirt'
                max_clients = -5
                """, "libvirtd.conf");
        assertEquals(Optional.of(1L), c.number("listen_tcp"));
        assertEquals(Optional.of("none"), c.text("auth_tcp"));
        assertEquals(Optional.of("libvirt"), c.text("unix_sock_group"));
        assertEquals(Optional.of(-5L), c.number("max_clients"));
        assertEquals(3, c.setting("listen_tcp").orElseThrow().line());
        assertEquals(Optional.empty(), c.setting("auth_unix_rw"));
        assertEquals("libvirtd.conf:4", c.at(c.setting("auth_tcp").orElseThrow()));
        assertEquals("auth_tcp = \"none\"", c.setting("auth_tcp").orElseThrow().toString());
    }

    @Test
    void listsMaySpanLinesAndEndWithAComma() {
        LibvirtConfig c = LibvirtConfig.parse("""
                security_driver = [ "selinux",
                                    "dac", ]
                cgroup_controllers = [ ]
                user = "+0"
                """, "qemu.conf");
        assertEquals(List.of("selinux", "dac"), c.texts("security_driver"));
        assertEquals(List.of(), c.texts("cgroup_controllers"));
        assertEquals(3, c.setting("cgroup_controllers").orElseThrow().line());
        assertEquals(4, c.setting("user").orElseThrow().line());
        assertEquals("security_driver = [ \"selinux\", \"dac\" ]", c.setting("security_driver").orElseThrow().toString());
    }

    @Test
    void tripleQuotedStringsAndSemicolons() {
        LibvirtConfig c = LibvirtConfig.parse("a = \"\"\"line one\nline two\"\"\"; b = 2\nc = 3\n", "x.conf");
        assertEquals(Optional.of("line one\nline two"), c.text("a"));
        assertEquals(Optional.of(2L), c.number("b"));
        assertEquals(3, c.setting("c").orElseThrow().line());
    }

    @Test
    void theFirstSettingCountsAsInLibvirt() {
        LibvirtConfig c = LibvirtConfig.parse("listen_tcp = 1\nlisten_tcp = 0\n", "libvirtd.conf");
        assertEquals(Optional.of(1L), c.number("listen_tcp"));
        assertEquals(1, c.ignored("listen_tcp").size());
        assertEquals(2, c.ignored("listen_tcp").get(0).line());
    }

    @Test
    void aStringWhereANumberBelongsIsNotANumber() {
        LibvirtConfig c = LibvirtConfig.parse("listen_tcp = \"1\"\n", "libvirtd.conf");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.number("listen_tcp"));
        assertTrue(e.getMessage().contains("libvirtd.conf:1"), e.getMessage());
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        ConfigSyntaxException e = assertThrows(ConfigSyntaxException.class,
                () -> LibvirtConfig.parse("a = 1\nauth_tcp = none\n", "/etc/libvirt/libvirtd.conf"));
        assertEquals("/etc/libvirt/libvirtd.conf:2:12", e.location().toString());
        assertTrue(e.getMessage().contains("expecting a value"), e.getMessage());
        assertEquals("/etc/libvirt/libvirtd.conf:1:7", assertThrows(ConfigSyntaxException.class,
                () -> LibvirtConfig.parse("a = \"x\n", "/etc/libvirt/libvirtd.conf")).location().toString());
        assertThrows(ConfigSyntaxException.class, () -> LibvirtConfig.parse("a = [ \"x\" \"y\" ]\n", "f"));
        assertThrows(ConfigSyntaxException.class, () -> LibvirtConfig.parse("a = [ \"x\"\n", "f"));
        assertThrows(ConfigSyntaxException.class, () -> LibvirtConfig.parse("a = 1 b = 2\n", "f"));
        assertThrows(ConfigSyntaxException.class, () -> LibvirtConfig.parse("9a = 1\n", "f"));
        assertThrows(ConfigSyntaxException.class, () -> LibvirtConfig.parse("a 1\n", "f"));
    }

    /** The files Debian ships parse, and say what libvirt's defaults are (everything commented out). */
    @Test
    void readsThePackagedFilesOfThisMachine() throws Exception {
        for (String f : List.of("/etc/libvirt/libvirtd.conf", "/etc/libvirt/qemu.conf", "/etc/libvirt/virtlogd.conf")) {
            Path p = Path.of(f);
            if (Files.isReadable(p)) {
                LibvirtConfig.parse(Files.readString(p), f);
            }
        }
    }
}
