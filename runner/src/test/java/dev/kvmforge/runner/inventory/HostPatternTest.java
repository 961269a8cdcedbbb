package dev.kvmforge.runner.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostPatternTest {

    private static final Inventory INV = Inventory.parse("""
            [web]
            web1
            web2
            web10
            [db]
            db1
            db2
            [staging]
            web2
            db2
            [prod:children]
            web
            db
            [empty]
            """, "hosts.ini");

    private static List<String> select(String pattern) {
        return INV.select(pattern).stream().map(InventoryHost::name).toList();
    }

    @Test
    void allStarAndBlankSelectEveryHostInInventoryOrder() {
        List<String> every = List.of("web1", "web2", "web10", "db1", "db2");
        assertEquals(every, select("all"));
        assertEquals(every, select("*"));
        assertEquals(every, select(""));
        assertEquals(every, HostPattern.parse(null).select(INV).stream().map(InventoryHost::name).toList());
    }

    @Test
    void hostAndGroupNames() {
        assertEquals(List.of("web1"), select("web1"));
        assertEquals(List.of("web1", "web2", "web10"), select("web"));
        assertEquals(List.of("web1", "web2", "web10", "db1", "db2"), select("prod"), "a group includes its children");
    }

    @Test
    void wildcardsMatchWholeNames() {
        assertEquals(List.of("web1", "web2", "web10"), select("web*"));
        assertEquals(List.of("db1", "db2"), select("db?"));
        assertEquals(List.of("web1", "db1"), select("[wd]*1"));
        assertEquals(List.of("web2"), select("*[1]"), "as in Ansible, a trailing [number] is a subscript, not a class");
        assertEquals(List.of("web2"), select("web[!1]*"));
    }

    @Test
    void regexMatchesFromTheStartOfTheName() {
        assertEquals(List.of("web1", "web2"), select("~web\\d$"));
        assertEquals(List.of("web1", "web10"), select("~web1"), "like Ansible's re.match: anchored at the start only");
        assertEquals(List.of("web2", "db2"), select("~(web|db)2"));
    }

    @Test
    void listsWithCommasOrColonsAreUnitedInInventoryOrder() {
        assertEquals(List.of("web1", "web2", "web10", "db1", "db2"), select("db,web"));
        assertEquals(List.of("web1", "web2", "web10", "db1", "db2"), select("db:web"));
        assertEquals(List.of("web2", "db1"), select("db1, web2"));
        assertEquals(List.of("web2", "web10"), select("~web\\d:!web1"), "a regex term splits at ':' too, as in Ansible");
        assertEquals(List.of("::1"), HostPattern.parse("::1").terms(), "an IPv6 address is not split");
        assertEquals(List.of("fe80::1:2"), HostPattern.parse("fe80::1:2").terms());
    }

    @Test
    void exclusionAndIntersection() {
        assertEquals(List.of("web1", "web10", "db1"), select("prod:!staging"));
        assertEquals(List.of("web2"), select("web:&staging"));
        assertEquals(List.of("web2", "db2"), select("&staging"), "with no plain term, all is implied");
        assertEquals(List.of("web1", "web2", "web10", "db1"), select("!db2"));
    }

    @Test
    void orderWrittenDoesNotMatterUnionsThenIntersectionsThenExclusions() {
        assertEquals(List.of("web1", "web10"), select("!staging,web"));
        assertEquals(List.of("web1", "web10"), select("!web2,&web,prod"));
        assertEquals(List.of("web", "db", "&staging", "!web2"), HostPattern.parse("!web2,&staging,web,db").terms());
    }

    @Test
    void subscriptsPickFromTheGroupInOrder() {
        assertEquals(List.of("web1"), select("web[0]"));
        assertEquals(List.of("web10"), select("web[-1]"));
        assertEquals(List.of("web1", "web2"), select("web[0:1]"));
        assertEquals(List.of("web2", "web10"), select("web[1:]"));
        assertEquals(List.of(), select("web[5]"));
        assertEquals(List.of("web[0:1]", "db"), HostPattern.parse("web[0:1]:db").terms());
        assertEquals(List.of("web1", "web2", "db1", "db2"), select("web[0:1]:db"));
    }

    @Test
    void unmatchedTermsAreReportedNotThrown() {
        HostPattern.Selection s = HostPattern.parse("web,nosuch,!dbx,&stagin").match(INV);
        assertEquals(List.of(), s.hosts(), "&stagin matches nothing, so the intersection is empty");
        assertEquals(List.of("nosuch", "&stagin", "!dbx"), s.unmatched());
        assertEquals(List.of(), HostPattern.parse("empty").unmatched(INV), "an empty group is a match");
        assertEquals(List.of(), HostPattern.parse("empty").select(INV));
        assertEquals(List.of("web*x"), HostPattern.parse("web*x").unmatched(INV));
    }

    @Test
    void aHostNameWinsOverAGroupOfTheSameName() {
        Inventory inv = Inventory.parse("[alpha]\nbeta\n[beta]\ngamma\n", "hosts.ini");
        assertEquals(List.of("beta"), inv.select("beta").stream().map(InventoryHost::name).toList());
        assertEquals(List.of("beta", "gamma"), inv.select("b*").stream().map(InventoryHost::name).toList());
    }

    @Test
    void localhostIsImplicitWhenNotListed() {
        assertEquals(List.of("web1", "localhost"), select("web1,localhost"));
        assertEquals("local", INV.select("localhost").get(0).vars().get("ansible_connection"));
        assertEquals(List.of(), HostPattern.parse("localhost").unmatched(INV));
    }

    @Test
    void malformedPatternsAreOptionsErrors() {
        KvmforgeException regex = assertThrows(KvmforgeException.class, () -> HostPattern.parse("~web[,db"));
        assertEquals(ErrorKind.OPTIONS, regex.kind());
        assertTrue(regex.what().startsWith("bad regular expression in host pattern '~web['"), regex.what());
        KvmforgeException unbalanced = assertThrows(KvmforgeException.class, () -> HostPattern.parse("web[0:db"));
        assertEquals("unbalanced brackets in host pattern 'web[0:db'", unbalanced.what());
        KvmforgeException bang = assertThrows(KvmforgeException.class, () -> HostPattern.parse("web,!"));
        assertEquals("'!' in a host pattern names nothing", bang.what());
    }

    @Test
    void globTranslatesLikeFnmatch() {
        assertEquals(true, "web.1".matches(HostPattern.glob("web.?")));
        assertEquals(false, "webx1".matches(HostPattern.glob("web.?")));
        assertEquals(true, "a-b".matches(HostPattern.glob("a[-]b")));
        assertEquals(true, "a^".matches(HostPattern.glob("a[^]")));
    }
}
