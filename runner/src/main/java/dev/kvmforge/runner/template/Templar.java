package dev.kvmforge.runner.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders values against variables as Ansible does: strings with {@code {{ }}} or {@code {% %}} are rendered, a
 * string that is exactly one {@code {{ expression }}} keeps the expression's type (a list stays a list), maps and
 * lists are rendered deeply, other values pass unchanged. An undefined variable is an error, unless a filter such as
 * {@code default} handles it.
 *
 * <p>Thread-safe: one Templar serves all hosts.
 */
public final class Templar {

    private static final Pattern SINGLE_EXPRESSION = Pattern.compile("^\\s*\\{\\{((?:(?!\\{\\{|}}).)*)}}\\s*$",
            Pattern.DOTALL);

    private final Jinjava jinjava;

    public Templar() {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(true)
                .withTrimBlocks(true)
                .withLstripBlocks(false)
                .build();
        jinjava = new Jinjava(config);
        AnsibleFilters.registerAll(jinjava.getGlobalContext());
        AnsibleTests.registerAll(jinjava.getGlobalContext());
    }

    /** Whether {@code s} has anything to render. */
    public static boolean isTemplate(String s) {
        return s != null && (s.contains("{{") || s.contains("{%") || s.contains("{#"));
    }

    /** {@code value} rendered deeply against {@code vars}. */
    public Object render(Object value, Map<String, Object> vars) {
        if (value instanceof String s) {
            return renderValue(s, vars);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(renderValue(String.valueOf(e.getKey()), vars)), render(e.getValue(), vars));
            }
            return out;
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(render(o, vars));
            }
            return out;
        }
        return value;
    }

    /** {@code template} rendered to text. */
    public String renderText(String template, Map<String, Object> vars) {
        if (!isTemplate(template)) {
            return template;
        }
        RenderResult r = jinjava.renderForResult(template, vars);
        failOnErrors(r.getErrors(), template);
        return r.getOutput();
    }

    private Object renderValue(String s, Map<String, Object> vars) {
        if (!isTemplate(s)) {
            return s;
        }
        Matcher m = SINGLE_EXPRESSION.matcher(s);
        if (m.matches()) {
            return evaluate(m.group(1), vars);
        }
        return renderText(s, vars);
    }

    /** The value of a bare expression such as {@code result.rc == 0 and not skip}. */
    public Object evaluate(String expression, Map<String, Object> vars) {
        JinjavaInterpreter interpreter = jinjava.newInterpreter();
        interpreter.getContext().putAll(vars);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            Object v = interpreter.resolveELExpression(expression.strip(), 1);
            failOnErrors(interpreter.getErrors(), expression);
            return Plain.of(v);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    /**
     * The truth of a condition as {@code when} takes it: a boolean as is; a string is an expression (or a template)
     * whose value is judged as Ansible judges it; a list is all of its conditions.
     */
    public boolean isTrue(Object condition, Map<String, Object> vars) {
        if (condition == null) {
            return true;
        }
        if (condition instanceof Boolean b) {
            return b;
        }
        if (condition instanceof Collection<?> all) {
            for (Object c : all) {
                if (!isTrue(c, vars)) {
                    return false;
                }
            }
            return true;
        }
        String text = String.valueOf(condition);
        Object v = isTemplate(text) ? renderValue(text, vars) : evaluate(text, vars);
        return Truth.of(v);
    }

    private static void failOnErrors(List<TemplateError> errors, String source) {
        for (TemplateError e : errors) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new TemplateException(describe(e, source), hintFor(e));
            }
        }
    }

    private static String describe(TemplateError e, String source) {
        String msg = e.getMessage();
        if (e.getReason() == TemplateError.ErrorReason.UNKNOWN && e.getFieldName() != null) {
            return "'" + e.getFieldName() + "' is undefined in '" + source.strip() + "'";
        }
        return "cannot render '" + source.strip() + "': " + msg;
    }

    private static String hintFor(TemplateError e) {
        if (e.getReason() == TemplateError.ErrorReason.UNKNOWN) {
            return "define it in vars, the inventory or with -e, or use '| default(...)'";
        }
        return null;
    }
}
