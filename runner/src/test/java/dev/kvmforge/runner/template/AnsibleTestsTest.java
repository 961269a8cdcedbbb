package dev.kvmforge.runner.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ansible's tests: on registered results, on text, on versions. */
class AnsibleTestsTest {

    static final Templar T = new Templar();

    static boolean test(String expression) {
        return T.isTrue(expression, Map.of(
                "ok", Map.of("changed", false, "rc", 0),
                "changed_result", Map.of("changed", true),
                "failed_result", Map.of("failed", true, "rc", 2),
                "skipped_result", Map.of("skipped", true, "changed", false)));
    }

    @Test
    void registeredResults() {
        assertTrue(test("ok is succeeded and ok is success and ok is successful and ok is not failed and ok is not changed"));
        assertTrue(test("changed_result is changed and changed_result is change and changed_result is succeeded"));
        assertTrue(test("failed_result is failed and failed_result is failure and failed_result is not success"));
        assertTrue(test("skipped_result is skipped and skipped_result is skip and ok is not skipped"));
    }

    @Test
    void resultTestsOnSomethingElseAreErrors() {
        TemplateException e = assertThrows(TemplateException.class, () -> test("'x' is failed"));
        assertTrue(e.what().contains("expects a registered result"), e.what());
        assertTrue(assertThrows(TemplateException.class, () -> test("nope is changed")).what()
                .startsWith("'nope' is undefined"));
    }

    @Test
    void textTests() {
        assertTrue(test("'libvirt-9.0' is match('libvirt')"));
        assertTrue(test("'a-libvirt' is not match('libvirt')"));
        assertTrue(test("'a-libvirt' is search('libvirt')"));
        assertTrue(test("'a-libvirt' is not search('^libvirt')"));
        assertTrue(test("'ABC' is regex('b', true)"), "second argument: ignorecase");
        assertTrue(test("'ABC' is not regex('b')"));
        assertTrue(test("'x86_64' is match('(?P<arch>x86)_64')"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1.10.0|1.9|>|true", "8.0.0|8.0|ge|true", "7.10|8|lt|true",
            "1.0|1.0|eq|true", "1.0|1.0|==|true", "2.0|2.0.0|==|false", "9.0.0|10.0|<|true", "2.1|2.1|!=|false",
            "4.2.0|4.2.0|<=|true", "1.0rc1|1.0|greaterthan|true"})
    void version(String have, String want, String op, boolean expected) {
        assertEquals(expected, test("'" + have + "' is version('" + want + "', '" + op + "')"));
        assertEquals(expected, test("'" + have + "' is version_compare('" + want + "', '" + op + "')"));
    }

    @Test
    void versionDefaultsToEqualAndRejectsUnknownOperators() {
        assertTrue(test("'1.2' is version('1.2')"));
        assertThrows(TemplateException.class, () -> test("'1.2' is version('1.2', 'about')"));
    }

    @Test
    void definedAndUndefined() {
        assertTrue(test("ok is defined and nope is undefined and ok.nope is undefined"));
        assertTrue(test("nope is not defined"));
    }
}
