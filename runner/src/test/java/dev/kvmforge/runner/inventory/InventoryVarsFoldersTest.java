package dev.kvmforge.runner.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading from disk: files, directories, group_vars/ and host_vars/, and the precedence of every variable source. */
class InventoryVarsFoldersTest {

    @TempDir
    Path dir;

    private static final String LAYERED = """
            [all:vars]
            level=all_inline
            a_only=1
            [parent:children]
            child
            [parent:vars]
            level=parent_inline
            p=parent
            [child]
            h1 level=host_inline
            h2
            [child:vars]
            level=child_inline
            """;

    private Path write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static Object var(Inventory inv, String host, String name) {
        return inv.host(host).orElseThrow().vars().get(name);
    }

    @Test
    void inlineGroupVarsMergeFromAllToTheDeepestChild() throws IOException {
        Inventory inv = Inventory.load(write("hosts.ini", LAYERED));
        assertEquals("child_inline", var(inv, "h2", "level"));
        assertEquals("host_inline", var(inv, "h1", "level"));
        assertEquals("parent", var(inv, "h2", "p"));
        assertEquals("1", var(inv, "h2", "a_only"));
        assertEquals(List.of("child", "parent"), inv.host("h2").orElseThrow().groups());
    }

    @Test
    void groupVarsAllFileOutranksInlineGroupVarsButNotInlineHostVars() throws IOException {
        Path hosts = write("hosts.ini", LAYERED);
        write("group_vars/all.yml", "level: all_file\nfrom_all_file: yes\n");
        Inventory inv = Inventory.load(hosts);
        assertEquals("all_file", var(inv, "h2", "level"), "Ansible: inventory group_vars/all > inventory file group vars");
        assertEquals(Boolean.TRUE, var(inv, "h2", "from_all_file"));
        assertEquals("host_inline", var(inv, "h1", "level"), "inline host vars outrank every group_vars file");
    }

    @Test
    void everyLayerInOrder() throws IOException {
        Path hosts = write("hosts.ini", LAYERED);
        write("group_vars/all.yml", "level: all_file\n");
        write("group_vars/parent.yaml", "level: parent_file\nparent_file: true\n");
        write("group_vars/child/01-base.yml", "level: child_file_1\nextra: one\n");
        write("group_vars/child/02-more.yml", "level: child_file_2\n");
        write("group_vars/child/notes.txt", "not: read\n");
        write("group_vars/child/.hidden.yml", "level: hidden\n");
        write("host_vars/h1.yml", "level: h1_file\nansible_password: s3cret\n");
        Inventory inv = Inventory.load(hosts);

        assertEquals("child_file_2", var(inv, "h2", "level"), "later files in a group's folder win");
        assertEquals("one", var(inv, "h2", "extra"));
        assertEquals(Boolean.TRUE, var(inv, "h2", "parent_file"));
        assertFalse(inv.host("h2").orElseThrow().vars().containsKey("not"));
        assertEquals("h1_file", var(inv, "h1", "level"), "host_vars outrank everything");
        assertEquals("s3cret", var(inv, "h1", "ansible_password"));
        assertEquals(Map.of("level", "child_file_2", "extra", "one"), inv.groups().get("child").vars(),
                "a group's own vars: its inline vars, then its group_vars files");
        assertEquals(List.of(), inv.warnings());
    }

    @Test
    void sameDepthGroupsMergeByNameThenByPriority() throws IOException {
        String text = """
                [alpha]
                h
                [beta]
                h
                [alpha:vars]
                x=alpha
                %s
                [beta:vars]
                x=beta
                """;
        assertEquals("beta", var(Inventory.load(write("a.ini", text.formatted(""))), "h", "x"));
        assertEquals("alpha", var(Inventory.load(write("b.ini", text.formatted("ansible_group_priority=10"))), "h", "x"));
    }

    @Test
    void hostVarsFileThatIsNotAMappingIsLocated() throws IOException {
        Path hosts = write("hosts.ini", "web1\n");
        write("host_vars/web1.yml", "# a list by mistake\n- a\n- b\n");
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> Inventory.load(hosts));
        assertEquals(ErrorKind.PARSE, e.kind());
        assertEquals(dir.resolve("host_vars/web1.yml") + ":2:1", e.where().orElseThrow());
        assertEquals("host_vars file must be a mapping of variable names to values, found a list", e.what());
        assertEquals("write 'name: value' lines at the top level of the file", e.hint().orElseThrow());
    }

    @Test
    void malformedGroupVarsYamlIsLocated() throws IOException {
        Path hosts = write("hosts.ini", "[web]\nweb1\n");
        write("group_vars/web.yml", "a: 1\na: 2\n");
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> Inventory.load(hosts));
        assertTrue(e.where().orElseThrow().startsWith(dir.resolve("group_vars/web.yml") + ":2:"), e.getMessage());
        assertEquals("duplicate key 'a'", e.what());
    }

    @Test
    void varsFilesForUnknownNamesAreWarnedAboutWithSuggestions() throws IOException {
        Path hosts = write("hosts.ini", "[web]\nweb1\n");
        write("group_vars/webs.yml", "x: 1\n");
        write("host_vars/web2.yml", "x: 1\n");
        write("group_vars/README.md", "ignored\n");
        Inventory inv = Inventory.load(hosts);
        assertEquals(List.of(
                dir.resolve("group_vars/webs.yml") + ": no group named 'webs' in the inventory, so it is not used; did you mean web?",
                dir.resolve("host_vars/web2.yml") + ": no host named 'web2' in the inventory, so it is not used; did you mean web1?"),
                inv.warnings());
    }

    @Test
    void directoryInventoryMergesItsFilesAndSkipsTheRest() throws IOException {
        Path inv = dir.resolve("inventory");
        write("inventory/01-hosts.ini", "[web]\nweb1 a=1\n");
        write("inventory/02-more.yml", "all:\n  children:\n    web:\n      hosts:\n        web2:\n");
        write("inventory/extra/more", "[db]\ndb1\n");
        write("inventory/notes.md", "# [broken\n");
        write("inventory/01-hosts.ini~", "[broken\n");
        write("inventory/old.bak", "[broken\n");
        write("inventory/.hidden", "[broken\n");
        write("inventory/group_vars/web.yml", "tier: front\n");
        write("inventory/host_vars/web1/a.yml", "a: 2\nb: 1\n");
        write("inventory/host_vars/web1/b.yaml", "b: 2\n");
        Inventory loaded = Inventory.load(inv);
        assertEquals(List.of("web1", "web2", "db1"), loaded.hosts().stream().map(InventoryHost::name).toList());
        assertEquals(Map.of("a", 2L, "b", 2L, "tier", "front"), loaded.host("web1").orElseThrow().vars());
        assertEquals(Map.of("tier", "front"), loaded.host("web2").orElseThrow().vars());
        assertEquals(List.of(inv), loaded.sources());
    }

    @Test
    void fileWithoutExtensionIsToldApartByContent() throws IOException {
        Inventory yaml = Inventory.load(write("yaml-inventory", "all:\n  hosts:\n    y1:\n      a: 1\n"));
        assertEquals(1L, var(yaml, "y1", "a"));
        Inventory ini = Inventory.load(write("ini-inventory", "i1 a=1\ni2:2200\n"));
        assertEquals(List.of("i1", "i2"), ini.hosts().stream().map(InventoryHost::name).toList());
        KvmforgeException broken = assertThrows(KvmforgeException.class,
                () -> Inventory.load(write("broken-yaml", "all:\n  hosts:\n    web1: {\n")));
        assertTrue(broken.what().startsWith("malformed YAML"), broken.what());
    }

    @Test
    void missingInventoryIsAnOptionsErrorWithAHint() throws IOException {
        write("hosts.ini", "web1\n");
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> Inventory.load(dir.resolve("hosts.in")));
        assertEquals(ErrorKind.OPTIONS, e.kind());
        assertEquals(5, e.kind().exitCode());
        assertEquals("inventory not found: " + dir.resolve("hosts.in"), e.what());
        assertEquals("did you mean " + dir.resolve("hosts.ini") + "?", e.hint().orElseThrow());

        KvmforgeException nowhere = assertThrows(KvmforgeException.class,
                () -> Inventory.load(dir.resolve("no/such/hosts")));
        assertTrue(nowhere.hint().orElseThrow().contains("does not exist either"));
    }

    @Test
    void scriptsAndVaultFilesAreRefusedClearly() throws IOException {
        KvmforgeException script = assertThrows(KvmforgeException.class,
                () -> Inventory.load(write("ec2.py", "#!/usr/bin/env python\nprint('{}')\n")));
        assertEquals(dir.resolve("ec2.py") + ":1:1", script.where().orElseThrow());
        assertEquals("dynamic inventory scripts are not supported", script.what());
        Path hosts = write("v/hosts", "web1\n");
        write("v/host_vars/web1.yml", "$ANSIBLE_VAULT;1.1;AES256\n6162\n");
        KvmforgeException vault = assertThrows(KvmforgeException.class, () -> Inventory.load(hosts));
        assertEquals("vault-encrypted host_vars files are not supported", vault.what());
    }

    @Test
    void implicitLocalhostTakesAllVarsAndItsHostVars() throws IOException {
        Path hosts = write("hosts.ini", "[all:vars]\nntp=pool\n[web]\nweb1\n");
        write("host_vars/localhost.yml", "ansible_python_interpreter: /usr/bin/python3\n");
        Inventory inv = Inventory.load(hosts);
        assertEquals(List.of("web1"), inv.hosts().stream().map(InventoryHost::name).toList());
        InventoryHost local = inv.select("localhost").get(0);
        assertEquals("localhost", local.name());
        assertEquals(Map.of("ntp", "pool", "ansible_connection", "local",
                "ansible_python_interpreter", "/usr/bin/python3"), local.vars());
        assertEquals(List.of(), local.groups());
        assertEquals(List.of(), inv.warnings(), "host_vars/localhost is used by the implicit localhost");
        assertEquals(List.of("web1"), inv.select("all").stream().map(InventoryHost::name).toList(),
                "the implicit localhost is not in all");
    }

    @Test
    void severalSourcesMergeInOrder() throws IOException {
        Path a = write("a/hosts.ini", "[web]\nweb1 x=1\n");
        Path b = write("b/hosts.yml", "all:\n  children:\n    web:\n      hosts:\n        web1:\n          x: 2\n");
        write("b/group_vars/web.yml", "y: 3\n");
        Inventory inv = Inventory.load(List.of(a, b));
        assertEquals(Map.of("x", 2L, "y", 3L), inv.host("web1").orElseThrow().vars());
        assertEquals(List.of(a, b), inv.sources());
    }
}
