package dev.kvmforge.runner.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Undefined variables, native types and text output, as Ansible's templating has them. */
class TemplarTest {

    static final Templar T = new Templar();

    static Map<String, Object> vars() {
        Map<String, Object> v = new LinkedHashMap<>();
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("name", "kvm1");
        host.put("cpus", 4);
        v.put("host", host);
        v.put("pkgs", List.of("qemu-kvm", "libvirt"));
        v.put("nothing", null);
        v.put("flag", true);
        v.put("n", 3);
        return v;
    }

    static Object render(String s) {
        return T.render(s, vars());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ foo }}", "a {{ foo }} b", "{{ 'a' ~ foo }}", "{{ foo + 1 }}", "{{ foo == 'x' }}",
            "{{ foo == 1 }}", "{{ foo | upper }}", "{{ foo | length }}", "{% if foo %}y{% endif %}",
            "{% for i in foo %}{{ i }}{% endfor %}", "{{ foo.bar }}", "{{ foo or 'z' }}"})
    void undefinedVariableIsAnErrorNamingIt(String template) {
        TemplateException e = assertThrows(TemplateException.class, () -> render(template));
        assertTrue(e.what().startsWith("'foo' is undefined"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("default"), e.getMessage());
    }

    @Test
    void missingKeyAndIndexAreErrorsInAnsibleWords() {
        assertEquals("'dict object' has no attribute 'ram' in 'host.ram'",
                assertThrows(TemplateException.class, () -> render("{{ host.ram }}")).what());
        assertTrue(assertThrows(TemplateException.class, () -> render("{{ pkgs[7] }}")).what()
                .startsWith("'list object' has no element 7"));
    }

    @Test
    void defaultDefinedAndUndefinedLookAtUndefinedValues() {
        assertEquals("x", render("{{ foo | default('x') }}"));
        assertEquals("dd", render("{{ foo | d('dd') }}"));
        assertEquals(1L, render("{{ foo.bar | default(1) }}"));
        assertEquals(2L, render("{{ host.ram | default(2) }}"));
        assertEquals(false, render("{{ foo | default(false) }}"));
        assertEquals(List.of(), render("{{ foo | default([]) }}"));
        assertEquals(3L, render("{{ (foo | default({})).bar | default(3) }}"));
        assertEquals(false, render("{{ foo is defined }}"));
        assertEquals(true, render("{{ foo is undefined }}"));
        assertEquals(true, render("{{ foo is not defined }}"));
        assertEquals(true, render("{{ not foo is defined }}"));
        assertEquals(true, render("{{ host.ram is undefined }}"));
        assertEquals(2L, render("{{ 1 if foo is defined else 2 }}"));
        assertEquals("no", render("{% if foo is defined %}yes{% else %}no{% endif %}"));
        assertEquals("kvm1", render("{{ host.name | default('x') }}"));
    }

    @Test
    void nullVariableIsDefinedAsInAnsible() {
        assertNull(render("{{ nothing }}"));
        assertEquals("ab", render("a{{ nothing }}b"));
        assertEquals(true, render("{{ nothing is defined }}"));
        assertEquals(true, render("{{ nothing is none }}"));
        assertNull(render("{{ nothing | default('x') }}"), "default replaces only undefined, unless boolean=true");
        assertEquals("x", render("{{ nothing | default('x', true) }}"));
    }

    @Test
    void singleExpressionKeepsItsType() {
        assertEquals(List.of("qemu-kvm", "libvirt"), render("{{ pkgs }}"));
        assertEquals(Map.of("name", "kvm1", "cpus", 4L), render("  {{ host }} "));
        assertEquals(4L, render("{{ host.cpus }}"));
        assertEquals(5L, render("{{ host.cpus + 1 }}"));
        assertEquals(true, render("{{ flag }}"));
        assertEquals(3.5, render("{{ 7 / 2 }}"));
        assertEquals(List.of(1L, 2L), render("{{ [1, 2] }}"));
        assertEquals("3", render("{{ '3' }}"));
    }

    @Test
    void mixedTextPrintsValuesAsPython() {
        assertEquals("pkgs=['qemu-kvm', 'libvirt'] flag=True n=3 none=",
                render("pkgs={{ pkgs }} flag={{ flag }} n={{ n }} none={{ nothing }}"));
        assertEquals("{'name': 'kvm1', 'cpus': 4}", T.renderText("{{ host }}", vars()));
    }

    @Test
    void deepRenderOfMapsAndLists() {
        Map<String, Object> in = new HashMap<>();
        in.put("name", "{{ host.name }}");
        in.put("list", List.of("{{ n }}", "x-{{ n }}", 7));
        Object out = T.render(in, vars());
        assertEquals(Map.of("name", "kvm1", "list", List.of(3L, "x-3", 7)), out);
    }

    @Test
    void templatesKeepTrailingNewlinesAndTrimBlocks() {
        assertEquals("a\nb\n\n", T.renderText("a\n{{ 'b' }}\n\n", vars()));
        assertEquals("qemu-kvm\nlibvirt\n", T.renderText("{% for p in pkgs %}\n{{ p }}\n{% endfor %}\n", vars()));
    }

    @Test
    void jinja2Iteration() {
        assertEquals("name=kvm1;cpus=4;", T.renderText("{% for k in host %}{{ k }}={{ host[k] }};{% endfor %}", vars()));
        assertEquals("name:kvm1 cpus:4 ",
                T.renderText("{% for k, v in host.items() %}{{ k }}:{{ v }} {% endfor %}", vars()));
    }

    @Test
    void conditions() {
        assertTrue(T.isTrue("flag and n > 2", vars()));
        assertTrue(T.isTrue("'libvirt' in pkgs", vars()));
        assertFalse(T.isTrue(List.of("flag", "n == 4"), vars()));
        assertTrue(T.isTrue("foo is not defined", vars()));
        assertThrows(TemplateException.class, () -> T.isTrue("foo", vars()));
        assertThrows(TemplateException.class, () -> T.isTrue("foo == 'x'", vars()));
    }

    @Test
    void omitAndPythonLiterals() {
        assertEquals(Templar.OMIT, render("{{ foo | default(omit) }}"));
        assertEquals(true, render("{{ True and not False }}"));
        assertNull(render("{{ None }}"));
    }

    @Test
    void unknownFilterIsAnError() {
        assertThrows(TemplateException.class, () -> render("{{ 1 | no_such_filter }}"));
    }

    @Test
    void pythonStringMethodsWorkOnStrings() {
        assertEquals(true, render("{{ 'vm-web1'.startswith('vm-') }}"));
        assertEquals(true, render("{{ 'disk.qcow2'.endswith(['.img', '.qcow2']) }}"));
        assertEquals("ABC abc", render("{{ 'abC'.upper() }} {{ 'AbC'.lower() }}"));
        assertEquals("x|xx--|--", render("{{ '  x '.strip() }}|{{ 'xx--'.lstrip('-') }}|{{ '--yy'.rstrip('y') }}"));
        assertEquals(List.of("a", "b", "", "c"), render("{{ 'a:b::c'.split(':') }}"));
        assertEquals(List.of("a", "b c  "), render("{{ '  a   b c  '.split(None, 1) }}"), "the rest keeps its blanks");
        assertEquals("z-b-z", render("{{ 'a-b-a'.replace('a', 'z', -1) }}"), "a negative count: all");
        assertEquals(List.of("one", "two"), render("{{ 'one  two '.split() }}"));
        assertEquals("z-b-z", render("{{ 'a-b-a'.replace('a', 'z') }}"));
        assertEquals("z-b-a", render("{{ 'a-b-a'.replace('a', 'z', 1) }}"));
        assertEquals("#]", render("{{ '{}]'.format('#') }}"), "item 8 of issue 15: '{}]'.format('#')");
        assertEquals("web-2 {x} web", render("{{ '{0}-{1} {{x}} {0}'.format('web', 2) }}"));
        assertEquals("2 -1 3", render("{{ 'banana'.find('n') }} {{ 'x'.find('y') }} {{ 'banana'.count('a') }}"));
        assertEquals("a, b", render("{{ ', '.join(['a', 'b']) }}"));
        assertEquals("Kvm Host Ready 007", render("{{ 'kvm host'.title() }} {{ 'ready'.capitalize() }} {{ '7'.zfill(3) }}"));
        assertEquals(true, render("{{ '42'.isdigit() and not 'x1'.isdigit() }}"));
        TemplateException e = assertThrows(TemplateException.class, () -> render("{{ '{} {}'.format('one') }}"));
        assertTrue(e.getMessage().contains("Replacement index 1 out of range"), e.getMessage());
    }

    @Test
    void nestedMappingLiteralsInAnExpressionAreRead() {
        assertEquals(Map.of("a", Map.of("x", 1L)), normalized(render("{{ {'a': {'x': 1}} }}")));
        assertEquals(1L, ((Number) render("{{ {'a': {'x': 1}}['a']['x'] }}")).longValue());
        assertEquals("v=2!", render("v={{ {'k': {'n': 2}}.k.n }}!"));
        assertEquals("a}}b", render("{{ 'a}}b' }}"), "braces in quotes are text");
        // as a template file renders (a value's result is rendered again, which a raw block's output would not survive)
        assertEquals("{{{body}}} 3", T.renderText("{% raw %}{{{body}}}{% endraw %} {{ n }}", vars()),
                "raw blocks stay as written");
        assertEquals(" 3", render("{# {{ {'a': {'b': 1}} }} #} {{ n }}"));
    }

    private static Object normalized(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, normalized(x)));
            return out;
        }
        return v instanceof Number n ? (Object) n.longValue() : v;
    }
}
