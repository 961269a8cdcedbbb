package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Short-form arguments split and read as Ansible's split_args and parse_kv do; command lines as a shell does. */
class WordsTest {

    private static final Set<String> COMMAND_OPTIONS = Set.of("chdir", "creates", "removes", "stdin");

    @Test
    void jinjaBlocksAndQuotesStayOneWord() {
        assertEquals(List.of("msg={{ inventory_hostname }}"), Words.arguments("msg={{ inventory_hostname }}"));
        assertEquals(List.of("path={{ d }}", "state=directory"), Words.arguments("path={{ d }} state=directory"));
        assertEquals(List.of("a={% if x %}1{% else %}2{% endif %}", "b={# note #}"),
                Words.arguments("a={% if x %}1{% else %}2{% endif %} b={# note #}"));
        assertEquals(List.of("msg=\"a  b\"", "c='d e'"), Words.arguments("msg=\"a  b\" c='d e'"));
        assertEquals(List.of("x={{ 'a b' | upper }}"), Words.arguments("x={{ 'a b' | upper }}"));
    }

    @Test
    void runsOfSpacesAndNewlinesAreKeptForFreeFormText() {
        assertEquals(List.of("echo  ", "a"), Words.arguments("echo   a"));
        assertEquals(List.of("echo\n", "b"), Words.arguments("echo\nb"));
        assertEquals(List.of("echo", "a", "b"), Words.arguments("echo a \\\nb"), "a lone \\ joins the lines");
    }

    @Test
    void anUnbalancedQuoteOrBlockIsAnError() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Words.arguments("msg=\"open"))
                .getMessage().startsWith("an unbalanced \" quote"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Words.arguments("echo it's"))
                .getMessage().startsWith("an unbalanced ' quote"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Words.arguments("msg={{ x"))
                .getMessage().startsWith("an unbalanced jinja2 block"));
    }

    @Test
    void keyValuesKeepTemplatesAndTakeOffOnePairOfQuotes() {
        assertEquals(Map.of("msg", "{{ inventory_hostname }}"),
                Words.keyValues("msg={{ inventory_hostname }}", null, Set.of()));
        assertEquals(Map.of("path", "{{ d }}", "state", "directory"),
                Words.keyValues("path={{ d }} state=directory", null, Set.of()));
        assertEquals(Map.of("msg", "a b"), Words.keyValues("msg=\"a b\"", null, Set.of()));
        assertEquals(Map.of("msg", "it''s"), Words.keyValues("msg='it''s'", null, Set.of()), "as Ansible: no YAML");
    }

    @Test
    void escapesAreDecodedAsAnsibleDecodesThem() {
        assertEquals("x\ty\\z\"q", Words.keyValues("msg=\"x\\ty\\\\z\\\"q\"", null, Set.of()).get("msg"));
        assertEquals("A\u00e9\n", Words.keyValues("msg='\\x41\\u00e9\\n'", null, Set.of()).get("msg"));
        assertEquals("A", Words.keyValues("msg=\\x41\\n", null, Set.of()).get("msg"), "stripped when not quoted");
        assertEquals("/d/x\\=y", Words.keyValues("msg=/d/x\\=y", null, Set.of()).get("msg"), "\\= stays in a value");
        assertEquals(Map.of("a\\=b", "c"), Words.keyValues("a\\=b=c", null, Set.of()), "the first = not escaped");
    }

    @Test
    void withoutFreeFormEveryWordIsKeyValue() {
        assertEquals(Map.of("msg", "boom"), Words.keyValues("msg=boom", null, Set.of()));
        assertEquals("'boom' is not key=value", assertThrows(IllegalArgumentException.class,
                () -> Words.keyValues("boom", null, Set.of())).getMessage());
        assertEquals("'world' is not key=value", assertThrows(IllegalArgumentException.class,
                () -> Words.keyValues("msg=hello world", null, Set.of())).getMessage());
    }

    @Test
    void freeFormTextKeepsItsWordsAsWrittenAndGivesUpOnlyTheOptions() {
        assertEquals(Map.of("cmd", "ls", "chdir", "{{ d }}"), Words.keyValues("ls chdir={{ d }}", "cmd", COMMAND_OPTIONS));
        assertEquals(Map.of("creates", "/x", "cmd", "echo \"a   b\"  'c  d' x\\ y"),
                Words.keyValues("creates=/x echo \"a   b\"  'c  d' x\\ y", "cmd", COMMAND_OPTIONS));
        assertEquals(Map.of("cmd", "echo a=b {{ 'c d' }}"), Words.keyValues("echo a=b {{ 'c d' }}", "cmd",
                COMMAND_OPTIONS), "a word naming no option is text");
        assertEquals(Map.of("cmd", "cmd=ls"), Words.keyValues("cmd=ls", "cmd", COMMAND_OPTIONS),
                "the free-form key itself is text, as in Ansible's command");
        assertEquals(Map.of("cmd", "echo a\necho b\n"), Words.keyValues("echo a\necho b\n", "cmd", COMMAND_OPTIONS));
    }

    @Test
    void commandLinesSplitAsAShellDoes() {
        assertEquals(List.of("echo", "a b", "c", "d e"), Words.split("echo \"a b\" 'c' d\\ e"));
    }
}
