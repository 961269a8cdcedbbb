package dev.kvmforge.runner.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each filter playbooks use, with Ansible's results. */
class AnsibleFiltersTest {

    static final Templar T = new Templar();

    static Object eval(String expression) {
        Map<String, Object> v = new LinkedHashMap<>();
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("b", List.of(1, 2));
        conf.put("a", Map.of("c", "d"));
        v.put("conf", conf);
        v.put("users", List.of(Map.of("name", "bob", "admin", true, "shell", "/bin/sh"),
                Map.of("name", "al", "admin", false)));
        v.put("pkgs", List.of("qemu-kvm", "libvirt"));
        v.put("nothing", null);
        return T.evaluate(expression, v);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"'yes'|true", "'On'|true", "'TRUE'|true", "'1'|true", "1|true", "true|true",
            "'no'|false", "'off'|false", "'0'|false", "0|false", "'maybe'|false", "false|false"})
    void boolHasAnsibleSemantics(String value, boolean expected) {
        assertEquals(expected, eval(value + " | bool"));
    }

    @Test
    void quoteUsesTheShellQuoting() {
        assertEquals("'it'\"'\"'s a/b'", eval("\"it's a/b\" | quote"));
        assertEquals("/etc/libvirt/qemu.conf", eval("'/etc/libvirt/qemu.conf' | quote"));
        assertEquals("''", eval("'' | quote"));
    }

    @Test
    void json() {
        assertEquals("{\"b\": [1, 2], \"a\": {\"c\": \"d\"}}", eval("conf | to_json"));
        assertEquals("{\n    \"a\": {\n        \"c\": \"d\"\n    },\n    \"b\": [\n        1,\n        2\n    ]\n}",
                eval("conf | to_nice_json"));
        assertEquals("\"\\u00e9\"", eval("'é' | to_json"));
        assertEquals(Map.of("a", List.of(1L, true)), eval("'{\"a\": [1, true]}' | from_json"));
        assertThrows(TemplateException.class, () -> eval("'{nope' | from_json"));
    }

    @Test
    void yaml() {
        assertEquals("a: {c: d}\nb: [1, 2]\n", eval("conf | to_yaml"));
        assertEquals("a:\n    c: d\nb:\n- 1\n- 2\n", eval("conf | to_nice_yaml"));
        assertEquals(Map.of("a", List.of(1L, 2L), "b", "x"), eval("'a: [1, 2]\\nb: x' | from_yaml"));
    }

    @Test
    void mandatory() {
        assertEquals("x", eval("'x' | mandatory"));
        assertEquals("Mandatory variable 'vm_name' not defined. in 'vm_name | mandatory'",
                assertThrows(TemplateException.class, () -> eval("vm_name | mandatory")).what());
        assertTrue(assertThrows(TemplateException.class, () -> eval("vm_name | mandatory('set vm_name')")).what()
                .startsWith("set vm_name"));
    }

    @Test
    void ternary() {
        assertEquals("y", eval("true | ternary('y', 'n')"));
        assertEquals("n", eval("'' | ternary('y', 'n')"));
        assertEquals("y", eval("'no' | ternary('y', 'n')"), "Python truth: a non-empty string is true");
        assertEquals("none", eval("nothing | ternary('y', 'n', 'none')"));
    }

    @Test
    void combine() {
        assertEquals(Map.of("a", Map.of("y", 2L), "l", List.of(2L)),
                eval("{'a': {'x': 1}, 'l': [1]} | combine({'a': {'y': 2}, 'l': [2]})"));
        assertEquals(Map.of("a", Map.of("x", 1L, "y", 2L), "l", List.of(1L, 2L)),
                eval("{'a': {'x': 1}, 'l': [1]} | combine({'a': {'y': 2}, 'l': [2]}, recursive=True, list_merge='append')"));
        assertEquals(Map.of("a", 3L), eval("{'a': 1} | combine([{'a': 2}, {'a': 3}])"));
        assertThrows(TemplateException.class, () -> eval("{'a': 1} | combine([1])"));
    }

    @Test
    void dictItems() {
        assertEquals(List.of(Map.of("key", "k", "value", 1L)), eval("{'k': 1} | dict2items"));
        assertEquals(List.of(Map.of("name", "k", "v", 1L)), eval("{'k': 1} | dict2items('name', 'v')"));
        assertEquals(Map.of("k", 1L), eval("[{'key': 'k', 'value': 1}] | items2dict"));
        assertEquals(Map.of("k", 1L), eval("[{'n': 'k', 'v': 1}] | items2dict(key_name='n', value_name='v')"));
    }

    @Test
    void regexFilters() {
        assertEquals("123", eval("'abc123def' | regex_search('[0-9]+')"));
        assertNull(eval("'abc' | regex_search('[0-9]+')"));
        assertEquals(List.of("abc", "123"),
                eval("'abc123def' | regex_search('(?P<word>[a-z]+)(\\\\d+)', '\\\\g<word>', '\\\\2')"));
        assertEquals(List.of("1", "22"), eval("'a1b22' | regex_findall('[0-9]+')"));
        assertEquals(List.of(List.of("k1", "v1"), List.of("k2", "v2")),
                eval("'k1=v1 k2=v2' | regex_findall('(\\\\w+)=(\\\\w+)')"));
        assertEquals(List.of("b"), eval("'abc' | regex_findall('B', ignorecase=True)"));
        assertEquals("world hello", eval("'hello world' | regex_replace('(\\\\w+) (\\\\w+)', '\\\\2 \\\\1')"));
        assertEquals("a/b.c", eval("'a.b.c' | regex_replace('\\\\.', '/', count=1)"));
        assertEquals("AxC", eval("'ABC' | regex_replace('b', 'x', ignorecase=True)"));
        assertEquals("x_1", eval("'x-1' | regex_replace('(?P<a>x)-', '\\\\g<a>_')"));
        assertEquals("cost: \\$5", eval("'cost: 5' | regex_replace('(\\\\d)', '\\\\$\\\\1')"));
    }

    @Test
    void paths() {
        assertEquals("qemu.conf", eval("'/etc/libvirt/qemu.conf' | basename"));
        assertEquals("/etc/libvirt", eval("'/etc/libvirt/qemu.conf' | dirname"));
        assertEquals("", eval("'qemu.conf' | dirname"));
        assertEquals("/", eval("'/x' | dirname"));
        assertEquals(System.getProperty("user.home") + "/.ssh", eval("'~/.ssh' | expanduser"));
        assertEquals("~bob/x", eval("'~bob/x' | expanduser"));
    }

    @Test
    void base64() {
        assertEquals("aMOpbGxv", eval("'héllo' | b64encode"));
        assertEquals("héllo", eval("'aMOpbGxv' | b64decode"));
    }

    @Test
    void listFilters() {
        assertEquals(List.of(1L, 2L, 3L), eval("[1, [2, [3, None]], 'None'] | flatten"));
        assertEquals(List.of(1L, 2L, List.of(3L)), eval("[1, [2, [3]]] | flatten(levels=1)"));
        assertEquals(List.of(3L, 1L, 2L), eval("[3, 1, 3, 2, 1] | unique"));
        assertEquals(List.of(1L, 3L), eval("[1, 2, 3, 2] | difference([2])"));
        assertEquals(List.of(2L, 3L), eval("[1, 2, 3] | intersect([3, 2, 5])"));
        assertEquals(List.of(1L, 2L, 3L), eval("[1, 2] | union([2, 3])"));
        assertEquals(List.of(1L, 3L), eval("[1, 2] | symmetric_difference([2, 3])"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"'20G'|21474836480", "'1.5 MB'|1572864", "'512'|512", "'10GiB'|10737418240",
            "'2T'|2199023255552", "'100 B'|100", "'4k'|4096"})
    void humanToBytes(String size, long bytes) {
        assertEquals(bytes, eval(size + " | human_to_bytes"));
    }

    @Test
    void humanToBytesUnitsAndErrors() {
        assertEquals(10240L, eval("'10' | human_to_bytes('K')"));
        assertThrows(TemplateException.class, () -> eval("'10X' | human_to_bytes"));
        assertThrows(TemplateException.class, () -> eval("'big' | human_to_bytes"));
    }

    @Test
    void jinjaBuiltinsBehaveAsAnsible() {
        assertEquals("x", eval("'x' | default('y')"));
        assertEquals("qemu-kvm, libvirt", eval("pkgs | join(', ')"));
        assertEquals("True,None,1", eval("[true, none, 1] | join(',')"));
        assertEquals("bob/al", eval("users | join('/', attribute='name')"));
        assertEquals(2L, eval("pkgs | length"));
        assertEquals(3L, eval("'abc' | count"));
        assertEquals(42L, eval("'42' | int"));
        assertEquals(3L, eval("'3.7' | int"));
        assertEquals(0L, eval("'x' | int"));
        assertEquals(31L, eval("'0x1F' | int(base=16)"));
        assertEquals(1.5, eval("'1.5' | float"));
        assertEquals("abc", eval("'AbC' | lower"));
        assertEquals("ABC", eval("'abc' | upper"));
        assertEquals("a b", eval("'  a b  ' | trim"));
        assertEquals("a+b-c", eval("'a-b-c' | replace('-', '+', 1)"));
        assertEquals("qemu-kvm", eval("pkgs | first"));
        assertEquals("libvirt", eval("pkgs | last"));
        assertEquals("x", eval("'xyz' | first"));
        assertEquals(List.of("A", "b", "c"), eval("['b', 'A', 'c'] | sort"));
        assertEquals(List.of(3L, 2L, 1L), eval("[1, 3, 2] | sort(reverse=true)"));
        assertEquals(List.of("al", "bob"), eval("users | sort(attribute='name') | map(attribute='name') | list"));
        assertEquals(List.of("QEMU-KVM", "LIBVIRT"), eval("pkgs | map('upper') | list"));
        assertEquals(List.of(1L, 3L), eval("[1, 2, 3, 4] | select('odd') | list"));
        assertEquals(List.of(2L, 4L), eval("[1, 2, 3, 4] | reject('odd') | list"));
        assertEquals(List.of("libvirt"), eval("pkgs | select('match', 'lib') | list"));
        assertEquals(List.of("bob"), eval("users | selectattr('admin') | map(attribute='name') | list"));
        assertEquals(List.of("bob"), eval("users | selectattr('shell', 'defined') | map(attribute='name') | list"));
        assertEquals(List.of("al"), eval("users | rejectattr('admin') | map(attribute='name') | list"));
        assertEquals(List.of("bob"),
                eval("users | selectattr('name', 'equalto', 'bob') | map(attribute='name') | list"));
        assertEquals(List.of("a", "b"), eval("'ab' | list"));
        assertEquals(List.of("k"), eval("{'k': 1} | list"));
        assertEquals("['qemu-kvm', 'libvirt']", eval("pkgs | string"));
        assertEquals("True", eval("true | string"));
        assertEquals(List.of("a", "b", "", "c"), eval("'a,b,,c' | split(',')"));
        assertEquals(List.of("a", "b"), eval("' a  b ' | split"));
        assertEquals(List.of("a", "b c"), eval("'a b c' | split(' ', 1)"));
        assertEquals(3L, eval("[1, 2] | sum"));
        assertEquals(2L, eval("[1, 2] | max"));
        assertEquals(1L, eval("[1, 2] | min"));
    }

    @Test
    void filtersRefuseUndefinedValues() {
        for (String f : List.of("length", "join(',')", "bool", "to_json", "selectattr('x')", "combine({})")) {
            TemplateException e = assertThrows(TemplateException.class, () -> eval("missing | " + f), f);
            assertTrue(e.what().startsWith("'missing' is undefined"), e.what());
        }
    }

    @Test
    void unknownFilterIsNamedWithSuggestion() {
        TemplateException e = assertThrows(TemplateException.class, () -> eval("'x' | to_jsno"));
        assertTrue(e.what().startsWith("no filter named 'to_jsno'"), e.what());
        assertTrue(e.hint().orElse("").contains("to_json"), e.getMessage());
        assertEquals("a | b", eval("'a | b'"), "a bar inside a string is not a filter");
    }
}
