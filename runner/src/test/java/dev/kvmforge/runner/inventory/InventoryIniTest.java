package dev.kvmforge.runner.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryIniTest {

    private static final String SAMPLE = """
            # hosts before any section are ungrouped
            ; both comment markers work
            lone1 ansible_host=10.0.0.9
            lone2:2222

            [web]
            web[01:03].example.com http_port=8080 enabled=True ratio=0.5 name="hello world" zip=0123 quoted="'22'"
              web04.example.com list="[1, 'a']" ip=10.0.0.1 none=None flag=yes pass=abc#def

            [db]   # a comment after a header
            db-[a:c] ansible_user=postgres   # trailing comment

            [db:vars]
            max_conn=100
            flag=False
            greeting="hi there"
            motd=welcome # not a comment in :vars

            [prod:children]
            web
            db

            [prod:vars]
            env=production
            """;

    static Inventory ini(String text) {
        return Inventory.parse(text, "hosts.ini");
    }

    private static List<String> names(List<InventoryHost> hosts) {
        return hosts.stream().map(InventoryHost::name).toList();
    }

    private static KvmforgeException error(String text) {
        return assertThrows(KvmforgeException.class, () -> ini(text));
    }

    @Test
    void readsHostsInOrderWithRangesAndUngroupedHosts() {
        Inventory inv = ini(SAMPLE);
        assertEquals(List.of("lone1", "lone2", "web01.example.com", "web02.example.com", "web03.example.com",
                "web04.example.com", "db-a", "db-b", "db-c"), names(inv.hosts()));
        assertEquals(List.of("lone1", "lone2"), inv.groups().get("ungrouped").hosts());
        assertEquals(List.of("ungrouped"), inv.host("lone1").orElseThrow().groups());
        assertEquals(List.of("ungrouped", "prod"), inv.groups().get("all").children());
        assertEquals(List.of("web", "db"), inv.groups().get("prod").children());
        assertEquals(List.of("db", "prod"), inv.host("db-b").orElseThrow().groups());
    }

    @Test
    void typesInlineValuesAsPythonLiterals() {
        Map<String, Object> web = ini(SAMPLE).host("web02.example.com").orElseThrow().vars();
        assertEquals(8080L, web.get("http_port"));
        assertEquals(Boolean.TRUE, web.get("enabled"));
        assertEquals(0.5, web.get("ratio"));
        assertEquals("hello world", web.get("name"));
        assertEquals("0123", web.get("zip"), "a leading zero is not a Python literal: kept as text");
        assertEquals("22", web.get("quoted"), "a quoted number stays a string");

        Map<String, Object> web4 = ini(SAMPLE).host("web04.example.com").orElseThrow().vars();
        assertEquals(List.of(1L, "a"), web4.get("list"));
        assertEquals("10.0.0.1", web4.get("ip"));
        assertTrue(web4.containsKey("none"));
        assertNull(web4.get("none"));
        assertEquals("yes", web4.get("flag"), "only True/False are booleans in INI host lines");
        assertEquals("abc", web4.get("pass"), "an unquoted # starts a comment, as in Ansible");
    }

    @Test
    void readsGroupVarsAsStrings() {
        Inventory inv = ini(SAMPLE);
        Map<String, Object> db = inv.groups().get("db").vars();
        assertEquals("100", db.get("max_conn"));
        assertEquals("False", db.get("flag"));
        assertEquals("hi there", db.get("greeting"));
        assertEquals("welcome # not a comment in :vars", db.get("motd"));
        Map<String, Object> merged = inv.host("db-a").orElseThrow().vars();
        assertEquals("postgres", merged.get("ansible_user"));
        assertEquals("production", merged.get("env"));
        assertEquals("100", merged.get("max_conn"));
    }

    @Test
    void hostPortShorthandBecomesAnsiblePort() {
        Inventory inv = ini("""
                lone2:2222
                [web]
                10.0.0.5:22 ansible_user=root
                [fe80::1]:2200
                fe80::2
                web[1:2]:2201
                web9:2000 ansible_port=2001
                """);
        assertEquals(2222L, inv.host("lone2").orElseThrow().vars().get("ansible_port"));
        assertEquals(22L, inv.host("10.0.0.5").orElseThrow().vars().get("ansible_port"));
        assertEquals(2200L, inv.host("fe80::1").orElseThrow().vars().get("ansible_port"));
        assertEquals(Map.of(), inv.host("fe80::2").orElseThrow().vars(), "a bare IPv6 address has no port");
        assertEquals(2201L, inv.host("web2").orElseThrow().vars().get("ansible_port"));
        assertEquals(2001L, inv.host("web9").orElseThrow().vars().get("ansible_port"), "an explicit var wins");
    }

    @Test
    void expandsEveryKindOfRange() {
        Inventory inv = ini("""
                [r]
                n[1:7:3]
                z[8:10]
                p[08:10]
                l[a:c]
                x[1:2]-[a:b]
                [:2]y
                """);
        assertEquals(List.of("n1", "n4", "n7", "z8", "z9", "z10", "p08", "p09", "p10", "la", "lb", "lc",
                "x1-a", "x1-b", "x2-a", "x2-b", "0y", "1y", "2y"), names(inv.hosts()));
    }

    @Test
    void hostListedTwiceMergesVarsAndLeavesUngrouped() {
        Inventory inv = ini("""
                h1 a=1
                [g1]
                h1 b=2
                [g2]
                h1 a=3
                """);
        InventoryHost h1 = inv.host("h1").orElseThrow();
        assertEquals(Map.of("a", 3L, "b", 2L), h1.vars());
        assertEquals(List.of("g1", "g2"), h1.groups());
        assertEquals(List.of(), inv.groups().get("ungrouped").hosts(), "a host in a group is not ungrouped");
    }

    @Test
    void childrenMayBeDeclaredAfterTheirParent() {
        Inventory inv = ini("""
                [prod:children]
                web
                [web]
                w1
                [web:vars]
                x=1
                [all:vars]
                y=2
                """);
        assertEquals(List.of("prod", "web"), inv.host("w1").orElseThrow().groups());
        assertEquals(Map.of("y", "2", "x", "1"), inv.host("w1").orElseThrow().vars());
        assertTrue(inv.groups().containsKey("all") && inv.groups().containsKey("ungrouped"));
    }

    @Test
    void unknownSectionTypeIsLocatedWithSuggestion() {
        KvmforgeException e = error("""
                [web]
                h1
                [web:var]
                """);
        assertEquals(ErrorKind.PARSE, e.kind());
        assertEquals("hosts.ini:3:6", e.where().orElseThrow());
        assertEquals("section [web:var] has an unknown type 'var'", e.what());
        assertEquals("did you mean vars?", e.hint().orElseThrow());
    }

    @Test
    void hostWordWithoutEqualsIsLocated() {
        KvmforgeException e = error("[web]\nweb1 ansible_host\n");
        assertEquals("hosts.ini:2:6", e.where().orElseThrow());
        assertEquals("expected key=value after the host name, found 'ansible_host'", e.what());
    }

    @Test
    void badRangeIsLocatedAtTheBracket() {
        KvmforgeException e = error("[web]\n  web[1:x].example.com\n");
        assertEquals("hosts.ini:2:6", e.where().orElseThrow());
        assertTrue(e.what().startsWith("host range '[1:x]'"), e.what());
        assertTrue(e.hint().orElseThrow().contains("[01:20]"));

        assertEquals("hosts.ini:1:4", error("web[3:1]\n").where().orElseThrow());
        assertEquals("hosts.ini:1:4", error("web[1:2:0]\n").where().orElseThrow());
        assertEquals("hosts.ini:1:4", error("web[01:100]\n").where().orElseThrow());
        assertEquals("hosts.ini:1:9", error("ab[1:3]c[1]\n").where().orElseThrow(), "the second range is the bad one");
    }

    @Test
    void unclosedQuoteIsLocated() {
        KvmforgeException e = error("web1 name=\"abc\n");
        assertEquals("hosts.ini:1:11", e.where().orElseThrow());
        assertEquals("no closing quotation", e.what());
    }

    @Test
    void malformedSectionHeaderIsLocated() {
        KvmforgeException e = error("h1\n\n  [web servers]\n");
        assertEquals("hosts.ini:3:3", e.where().orElseThrow());
        assertTrue(e.what().contains("malformed section header [web servers]"));
    }

    @Test
    void badLinesInVarsAndChildrenSectionsAreLocated() {
        assertEquals("hosts.ini:3:1", error("[g]\n[g:vars]\njustaword\n").where().orElseThrow());
        assertEquals("hosts.ini:2:1", error("[g:children]\na b\n").where().orElseThrow());
    }

    @Test
    void badPortsAreLocated() {
        KvmforgeException endsInColon = error("[web]\nweb1:\n");
        assertEquals("hosts.ini:2:5", endsInColon.where().orElseThrow());
        assertEquals("host 'web1:' ends in ':'", endsInColon.what());
        assertEquals("hosts.ini:1:6", error("web1:70000\n").where().orElseThrow());
    }

    @Test
    void undeclaredChildGroupIsAnError() {
        KvmforgeException e = error("[prod:children]\nweb\n[webs]\nw1\n");
        assertEquals("hosts.ini:2:1", e.where().orElseThrow());
        assertEquals("section [prod:children] names group 'web', which no section declares", e.what());
        assertTrue(e.hint().orElseThrow().startsWith("did you mean webs?"), e.hint().orElseThrow());
    }

    @Test
    void varsForAnUndeclaredGroupIsAnError() {
        KvmforgeException e = error("h1\n[nosuch:vars]\nx=1\n");
        assertEquals("hosts.ini:2:1", e.where().orElseThrow());
        assertTrue(e.what().contains("[nosuch:vars]"));
    }

    @Test
    void cycleInChildrenNamesFileAndLine() {
        KvmforgeException e = error("""
                [a:children]
                b
                [b:children]
                a
                """);
        assertEquals("hosts.ini:4:1", e.where().orElseThrow());
        assertEquals("making 'a' a child of 'b' creates a cycle: b > a > b", e.what());

        KvmforgeException self = error("[a:children]\na\n");
        assertEquals("hosts.ini:2:1", self.where().orElseThrow());
        assertEquals("group 'a' lists itself as a child", self.what());
    }

    @Test
    void groupPriorityIsCheckedAndNotAVariable() {
        KvmforgeException e = error("[g]\nh\n[g:vars]\nansible_group_priority=high\n");
        assertEquals("hosts.ini:4:1", e.where().orElseThrow());
        Inventory inv = ini("[g]\nh\n[g:vars]\nansible_group_priority=5\n");
        assertEquals(Map.of(), inv.groups().get("g").vars());
    }

    @Test
    void quotedValuesKeepSpacesAndEscapes() {
        Map<String, Object> vars = ini("h a='x y' b=\"say \\\"hi\\\"\" c=a\\ b d='' e=\"{'k': [1, 2]}\" f=-3 g=0x1F h=1_000 i=1e3 j=1,2\n")
                .host("h").orElseThrow().vars();
        assertEquals("x y", vars.get("a"));
        assertEquals("say \"hi\"", vars.get("b"));
        assertEquals("a b", vars.get("c"));
        assertEquals("", vars.get("d"));
        assertEquals(Map.of("k", List.of(1L, 2L)), vars.get("e"));
        assertEquals(-3L, vars.get("f"));
        assertEquals(31L, vars.get("g"));
        assertEquals(1000L, vars.get("h"));
        assertEquals(1000.0, vars.get("i"));
        assertEquals(Arrays.asList(1L, 2L), vars.get("j"), "a bare tuple becomes a list");
    }

    @Test
    void emptyInventoryHasTheTwoImplicitGroups() {
        Inventory inv = ini("# nothing yet\n");
        assertEquals(List.of(), inv.hosts());
        assertEquals(List.of("all", "ungrouped"), List.copyOf(inv.groups().keySet()));
    }
}
