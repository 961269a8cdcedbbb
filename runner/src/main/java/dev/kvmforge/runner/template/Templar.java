package dev.kvmforge.runner.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.kvmforge.runner.error.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders values against variables as Ansible does: strings with {@code {{ }}} or {@code {% %}} are rendered, a
 * string that is exactly one {@code {{ expression }}} keeps the expression's type (a list stays a list, a number a
 * number), maps and lists are rendered deeply, other values pass unchanged. Mixed text renders values as Python
 * prints them ({@code True}, {@code ['a', 'b']}) and {@code null} as nothing.
 *
 * <p>An undefined variable is an error ("'foo' is undefined"), as with Ansible's strict undefined, while
 * {@code default}/{@code d}, {@code is defined}, {@code is undefined} and {@code mandatory} may look at it. Jinjava's own
 * {@code failOnUnknownTokens} is not used: it only fails when a whole expression is {@code null}, so it rejects defined
 * {@code null} variables and lets {@code 'a' ~ foo}, {@code foo == 1} and {@code foo + 1} through silently. Instead a
 * missing variable, a missing key and any attribute of those evaluate to an {@link Undefined} value that fails when
 * printed, compared, tested for truth or iterated.
 *
 * <p>Known differences from Jinja2 that remain (Jinjava's parser): tests take arguments by position ({@code is version('8', 'lt')});
 * {@code ~} binds tighter than {@code +}; {@code lookup()} and {@code query()} do not exist. A filter or test name
 * Jinjava does not know is an error up front ("no filter named 'x'"), as in Ansible, not a silent empty value.
 *
 * <p>Thread-safe: one Templar serves all hosts.
 */
public final class Templar {

    /**
     * The value of the variable {@code omit}: an argument whose value is exactly this is left out of the task, as in
     * Ansible ({@code mode: "{{ m | default(omit) }}"}).
     */
    public static final String OMIT = "__omit_place_holder__kvmforge__";

    static final String UNDEFINED_HINT = "define it in vars, the inventory or with -e, or use '| default(...)'";

    private static final Pattern SINGLE_EXPRESSION = Pattern.compile("^\\s*\\{\\{((?:(?!\\{\\{|}}).)*)}}\\s*$",
            Pattern.DOTALL);

    private static final Pattern CODE = Pattern.compile("\\{\\{(.*?)}}|\\{%(.*?)%}", Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern FILTER_NAME = Pattern.compile("\\|\\s*([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern TEST_NAME = Pattern.compile("\\bis\\s+(?:not\\s+)?([A-Za-z_][A-Za-z0-9_]*)");

    private final Jinjava jinjava;
    /** Engines for template files written with other marks or whitespace control, made on first use. */
    private final Map<TemplateSyntax, Jinjava> engines = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<String, String> controllerEnv;

    /** A templar whose {@code lookup('env')} reads this process's environment. */
    public Templar() {
        this(System.getenv());
    }

    /** A templar whose {@code lookup('env')} reads {@code controllerEnv} (the controller's, not the host's). */
    public Templar(Map<String, String> controllerEnv) {
        this.controllerEnv = Map.copyOf(controllerEnv);
        jinjava = engine(TemplateSyntax.ANSIBLE, this.controllerEnv);
    }

    /** What a lookup run outside a template (a {@code with_<lookup>} loop) reads: {@code vars}, and this templar's. */
    public Lookups.Scope lookupScope(Map<String, Object> vars) {
        return name -> Lookups.CONTROLLER_ENV.equals(name) ? controllerEnv : vars.get(name);
    }

    private static Jinjava engine(TemplateSyntax syntax, Map<String, String> controllerEnv) {
        LegacyOverrides jinja2 = LegacyOverrides.newBuilder()
                .withEvaluateMapKeys(true)
                .withIterateOverMapKeys(true)
                .withUsePyishObjectMapper(true)
                .withKeepNullableLoopValues(true)
                .withHandleBackslashInQuotesOnly(true)
                .build();
        JinjavaConfig.Builder config = JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(false)
                .withTrimBlocks(syntax.trimBlocks())
                .withLstripBlocks(syntax.lstripBlocks())
                .withKeepTrailingNewline(true)
                .withNestedInterpretationEnabled(false)
                .withLegacyOverrides(jinja2)
                .withElResolver(new AttributeLookup())
                .withInterperterFactory(Jinja2Interpreter.FACTORY);
        if (!syntax.standardMarks()) {
            config.withTokenScannerSymbols(new com.hubspot.jinjava.tree.parse.StringTokenScannerSymbols.Builder()
                    .withVariableStartString(syntax.variableStart()).withVariableEndString(syntax.variableEnd())
                    .withBlockStartString(syntax.blockStart()).withBlockEndString(syntax.blockEnd())
                    .withCommentStartString(syntax.commentStart()).withCommentEndString(syntax.commentEnd())
                    .build());
        }
        Jinjava j = new Jinjava(config.build());
        j.getGlobalContext().setDynamicVariableResolver(Templar::missing);
        AnsibleFilters.registerAll(j.getGlobalContext());
        AnsibleTests.registerAll(j.getGlobalContext());
        Lookups.registerAll(j.getGlobalContext(), controllerEnv);
        return j;
    }

    /**
     * A template file's text rendered with {@code syntax} (the {@code template} module's marks and whitespace
     * options); with {@link TemplateSyntax#ANSIBLE} the same as {@link #renderText}.
     */
    public String renderText(String template, Map<String, Object> vars, TemplateSyntax syntax) {
        if (syntax.equals(TemplateSyntax.ANSIBLE)) {
            return renderText(template, vars);
        }
        Jinjava j = engines.computeIfAbsent(syntax, k -> engine(k, controllerEnv));
        if (syntax.standardMarks()) {
            checkNames(template, template);
        }
        RenderResult r;
        try {
            r = j.renderForResult(template, vars);
        } catch (RuntimeException e) {
            throw explain(e, template);
        }
        failOnErrors(r.getErrors(), template);
        return r.getOutput();
    }

    /**
     * What a name not in the variables means: {@code omit}, Python's {@code None}/{@code True}/{@code False}, a
     * variable set to {@code null}, or undefined.
     */
    private static Object missing(String name) {
        switch (name) {
            case "omit":
                return OMIT;
            case "None", "none":
                return null;
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            default:
                break;
        }
        JinjavaInterpreter current = JinjavaInterpreter.getCurrent();
        if (current != null && Jinja2Interpreter.isSet(current.getContext(), name)) {
            return null;
        }
        return Undefined.variable(name);
    }

    /**
     * {@code template} with a space between the closing braces of a mapping literal inside an expression
     * ({@code {{ {'a': {'x': 1}} }}}), which Jinjava's scanner would take for the end of the expression; Jinja2 reads
     * both the same. Quoted text is left alone.
     */
    static String nestedBracesSpaced(String template) {
        if (!template.contains("{{")) {
            return template;
        }
        StringBuilder b = new StringBuilder(template.length() + 8);
        boolean inExpression = false;
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            char next = i + 1 < template.length() ? template.charAt(i + 1) : 0;
            if (!inExpression) {
                int verbatim = verbatimEnd(template, i);
                if (verbatim > i) { // a {% raw %} block or a {# comment #}: as written
                    b.append(template, i, verbatim);
                    i = verbatim - 1;
                    continue;
                }
                b.append(c);
                if (c == '{' && next == '{') {
                    b.append(next);
                    i++;
                    inExpression = true;
                    depth = 0;
                }
                continue;
            }
            if (quote != 0) {
                b.append(c);
                if (c == '\\' && next != 0) {
                    b.append(next);
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                b.append(c);
            } else if (c == '{') {
                depth++;
                b.append(c);
            } else if (c == '}' && depth > 0) {
                depth--;
                b.append(c);
                if (next == '}') {
                    b.append(' ');
                }
            } else if (c == '}' && next == '}') {
                b.append("}}");
                i++;
                inExpression = false;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static final Pattern RAW_START = Pattern.compile("\\{%-?\\s*raw\\s*-?%}");
    private static final Pattern RAW_END = Pattern.compile("\\{%-?\\s*endraw\\s*-?%}");

    /** Where a {@code {% raw %}} block or a {@code {# #}} comment starting at {@code i} ends, or {@code i}. */
    private static int verbatimEnd(String t, int i) {
        if (t.startsWith("{#", i)) {
            int end = t.indexOf("#}", i + 2);
            return end < 0 ? t.length() : end + 2;
        }
        if (t.startsWith("{%", i)) {
            Matcher start = RAW_START.matcher(t).region(i, t.length());
            if (start.lookingAt()) {
                Matcher end = RAW_END.matcher(t);
                return end.find(start.end()) ? end.end() : t.length();
            }
        }
        return i;
    }

    /** Whether {@code s} has anything to render. */
    public static boolean isTemplate(String s) {
        return s != null && (s.contains("{{") || s.contains("{%") || s.contains("{#"));
    }

    /**
     * {@code value} rendered deeply against {@code vars}. Variables whose values are templates themselves
     * ({@code disk: "{{ dir }}/vm.qcow2"}) are rendered in turn, as Ansible's lazy variables are, up to a depth of
     * {@value #MAX_DEPTH}.
     */
    public Object render(Object value, Map<String, Object> vars) {
        return render(value, vars, 0);
    }

    private static final int MAX_DEPTH = 10;

    private Object render(Object value, Map<String, Object> vars, int depth) {
        if (value instanceof String s) {
            Object out = renderValue(s, vars);
            if (depth < MAX_DEPTH && !s.equals(out) && holdsTemplate(out)) {
                return render(out, vars, depth + 1);
            }
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(renderValue(String.valueOf(e.getKey()), vars)), render(e.getValue(), vars, depth));
            }
            return out;
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(render(o, vars, depth));
            }
            return out;
        }
        return value;
    }

    /** Whether {@code v} (a string, or a map or list of them, keys included) has anything to render. */
    public static boolean holdsTemplate(Object v) {
        if (v instanceof String s) {
            return isTemplate(s);
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().anyMatch(e -> holdsTemplate(e.getKey()) || holdsTemplate(e.getValue()));
        }
        if (v instanceof Collection<?> c) {
            return c.stream().anyMatch(Templar::holdsTemplate);
        }
        return false;
    }

    /** {@code template} rendered to text; trailing newlines are kept, as Ansible's {@code template} keeps them. */
    public String renderText(String template, Map<String, Object> vars) {
        if (!isTemplate(template)) {
            return template;
        }
        checkNames(template, template);
        RenderResult r;
        try {
            r = jinjava.renderForResult(nestedBracesSpaced(template), vars);
        } catch (RuntimeException e) {
            throw explain(e, template);
        }
        failOnErrors(r.getErrors(), template);
        return r.getOutput();
    }

    private Object renderValue(String given, Map<String, Object> vars) {
        if (!isTemplate(given)) {
            return given;
        }
        String s = nestedBracesSpaced(given);
        Matcher m = SINGLE_EXPRESSION.matcher(s);
        if (m.matches()) {
            return evaluate(m.group(1), vars);
        }
        return renderText(s, vars);
    }

    /** The value of a bare expression such as {@code result.rc == 0 and not skip}, as a plain Java value. */
    public Object evaluate(String expression, Map<String, Object> vars) {
        checkNames("{{" + expression + "}}", expression);
        JinjavaInterpreter interpreter = jinjava.newInterpreter();
        interpreter.getContext().putAll(vars);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            Object v = interpreter.resolveELExpression(expression.strip(), 1);
            failOnErrors(interpreter.getErrors(), expression);
            return Plain.of(v);
        } catch (RuntimeException e) {
            throw explain(e, expression);
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

    /**
     * Jinjava quietly yields nothing for a filter or test it does not know; Ansible stops with "no filter named".
     * The filter and test names used in {@code template} (outside quoted strings) are checked up front.
     */
    private void checkNames(String template, String source) {
        Matcher code = CODE.matcher(template);
        while (code.find()) {
            String text = QUOTED.matcher(code.group(1) != null ? code.group(1) : code.group(2)).replaceAll("''");
            Matcher f = FILTER_NAME.matcher(text);
            while (f.find()) {
                if (jinjava.getGlobalContext().getFilter(f.group(1)) == null) {
                    throw new TemplateException("no filter named '" + f.group(1) + "' in '" + source.strip() + "'",
                            Suggestions.hint(f.group(1), names(jinjava.getGlobalContext().getAllFilters()), "filters"));
                }
            }
            Matcher t = TEST_NAME.matcher(text);
            while (t.find()) {
                if (jinjava.getGlobalContext().getExpTest(t.group(1)) == null) {
                    throw new TemplateException("no test named '" + t.group(1) + "' in '" + source.strip() + "'",
                            Suggestions.hint(t.group(1), names(jinjava.getGlobalContext().getAllExpTests()), "tests"));
                }
            }
        }
    }

    private static java.util.Set<String> names(Collection<? extends com.hubspot.jinjava.lib.Importable> all) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        all.forEach(i -> out.add(i.getName()));
        return out;
    }

    private static void failOnErrors(List<TemplateError> errors, String source) {
        for (TemplateError e : errors) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                TemplateException ours = ours(e.getException());
                if (ours != null) {
                    throw ours.in(source);
                }
                throw new TemplateException(describe(e, source), hintFor(e));
            }
        }
    }

    /** A failure inside Jinjava: ours (an undefined value used, a filter's complaint) with the source added. */
    private static RuntimeException explain(RuntimeException e, String source) {
        if (e instanceof TemplateException t && t.placed()) {
            return t;
        }
        TemplateException ours = ours(e);
        if (ours != null) {
            return ours.in(source);
        }
        return new TemplateException("cannot render '" + source.strip() + "': " + rootMessage(e), null);
    }

    private static TemplateException ours(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TemplateException te) {
                return te;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String describe(TemplateError e, String source) {
        String msg = e.getMessage();
        if (msg != null && msg.contains(Undefined.class.getName())) {
            return "an undefined value was used in '" + source.strip() + "'";
        }
        return "cannot render '" + source.strip() + "': " + msg;
    }

    private static String hintFor(TemplateError e) {
        if (e.getMessage() != null && e.getMessage().contains(Undefined.class.getName())) {
            return UNDEFINED_HINT;
        }
        return null;
    }
}
