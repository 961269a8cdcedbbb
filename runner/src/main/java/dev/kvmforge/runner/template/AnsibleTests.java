package dev.kvmforge.runner.template;

import com.hubspot.jinjava.interpret.Context;
import java.util.List;
import java.util.Map;

/**
 * Ansible's tests that Jinjava lacks or means differently: on a registered result ({@code succeeded},
 * {@code failed}, {@code changed}, {@code skipped} and their short forms), on text ({@code match}, {@code search},
 * {@code regex}), on versions ({@code version}), and {@code defined}/{@code undefined}, which in Ansible tell a missing
 * variable from one set to {@code null}.
 */
final class AnsibleTests {

    private AnsibleTests() {
    }

    static void registerAll(Context context) {
        all().forEach(context::registerExpTest);
    }

    static List<NamedTest> all() {
        NamedTest.Body succeeded = (v, a) -> !flag("succeeded", v, "failed");
        NamedTest.Body failed = (v, a) -> flag("failed", v, "failed");
        NamedTest.Body changed = (v, a) -> flag("changed", v, "changed");
        NamedTest.Body skipped = (v, a) -> flag("skipped", v, "skipped");
        NamedTest.Body version = (v, a) -> LooseVersion.of(v).holds(a.text(1, "operator", "eq"),
                LooseVersion.of(a.get(0, "version", "")));
        return List.of(
                new NamedTest("defined", (v, a) -> !Undefined.is(v)),
                new NamedTest("undefined", (v, a) -> Undefined.is(v)),
                new NamedTest("succeeded", succeeded),
                new NamedTest("success", succeeded),
                new NamedTest("successful", succeeded),
                new NamedTest("failed", failed),
                new NamedTest("failure", failed),
                new NamedTest("changed", changed),
                new NamedTest("change", changed),
                new NamedTest("skipped", skipped),
                new NamedTest("skip", skipped),
                new NamedTest("match", (v, a) -> regex(v, a, "match")),
                new NamedTest("search", (v, a) -> regex(v, a, "search")),
                new NamedTest("regex", (v, a) -> regex(v, a, a.text(-1, "match_type", "search"))),
                new NamedTest("version", version),
                new NamedTest("version_compare", version));
    }

    /** A yes/no key of a registered result; a value that is not a result is an error, as in Ansible. */
    private static boolean flag(String test, Object result, String key) {
        if (result instanceof Undefined u) {
            throw u.error();
        }
        if (!(result instanceof Map<?, ?> m)) {
            throw new TemplateException("the '" + test + "' test expects a registered result (a mapping), got "
                    + PythonText.repr(result), "register the task's result and test that: 'result is " + test + "'");
        }
        return Truth.ofValue(m.get(key));
    }

    private static boolean regex(Object value, Arguments a, String how) {
        PythonRegex re = PythonRegex.compile(a.text(0, "pattern", ""), a.flag(1, "ignorecase", false),
                a.flag(2, "multiline", false));
        java.util.regex.Matcher m = re.pattern().matcher(PythonText.str(value));
        return switch (how) {
            case "match" -> m.lookingAt();
            case "search" -> m.find();
            case "fullmatch" -> m.matches();
            default -> throw new TemplateException("regex: unknown match_type '" + how + "'",
                    "use match, search or fullmatch");
        };
    }
}
