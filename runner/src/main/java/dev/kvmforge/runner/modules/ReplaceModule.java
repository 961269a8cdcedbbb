package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.FileMode;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.template.PythonRegex;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code replace}: replaces every match of a Python regular expression ({@code re.MULTILINE}, as Ansible's) in a
 * file, optionally only in the part {@code after} and/or {@code before} other expressions delimit; {@code replace}
 * may use {@code \1} and {@code \g<name>}. The file must exist. The whole file is compared and shown in
 * {@code --diff}; a second run is {@code ok} once nothing matches any more or the replacement changes nothing.
 */
public final class ReplaceModule implements Module<ReplaceModule.Params> {

    /**
     * @param path    the file on the host
     * @param regexp  what to replace: a Python regular expression, every match
     * @param replace what to put instead (default: nothing); {@code \1}, {@code \g<name>} from the match
     * @param after   only after the first match of this expression
     * @param before  only before the (last, or with after, first following) match of this expression
     * @param backup  keep {@code path.YYYY-MM-DD@HH:MM:SS~} before changing the file
     * @param validate a command that must accept the new file first, {@code %s} for a copy of it
     * @param mode    permission bits
     * @param owner   owning user's name
     * @param group   owning group's name
     */
    public record Params(@JsonAlias({"dest", "destfile", "name"}) String path, String regexp, String replace,
                         String after, String before, Boolean backup, FileMode mode, String owner, String group,
                         String validate) {
        public Params {
            replace = replace == null ? "" : replace;
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .required("path", "the file on the host")
            .required("regexp", "what to replace");

    @Override
    public String name() {
        return "replace";
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        Host host = context.host();
        String text = host.readText(p.path()).orElseThrow(() -> new KvmforgeException(ErrorKind.TASK,
                host.stat(p.path()).isPresent() ? "Path " + p.path() + " is not a regular file"
                        : "Path " + p.path() + " does not exist !", host.name(), null));
        Edited e = edited(text, p);
        if (e.count() == 0 || e.text().equals(text)) {
            ManagedFile attrsOnly = new ManagedFile(p.path(), FileContent.of(text), attributes(p), false, true);
            return attrsOnly.plan(host).withValues(Map.of("msg", e.msg()));
        }
        return new ManagedFile(p.path(), FileContent.of(e.text()), attributes(p), Boolean.TRUE.equals(p.backup()),
                true, p.validate()).plan(host).withValues(Map.of("msg", e.count() + " replacements made"));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        return ManagedFile.apply(context.host(), plan).withValues(Map.of("msg", plan.values().get("msg")));
    }

    private static FileAttributes attributes(Params p) {
        return new FileAttributes(p.mode(), p.owner(), p.group());
    }

    /** The file's text after the replacements, how many were made, and the message when none was. */
    record Edited(String text, int count, String msg) {
    }

    /** {@code text} with every match of {@code regexp} in the section replaced, as Python's {@code re.subn}. */
    static Edited edited(String text, Params p) {
        int from = 0;
        int to = text.length();
        if (p.after() != null || p.before() != null) {
            String section = (p.after() != null ? p.after() : "") + "(?P<subsection>" + (p.after() != null
                    && p.before() != null ? ".*?" : ".*") + ")" + (p.before() != null ? p.before() : "");
            PythonRegex s = PythonRegex.compile(section, false, false);
            Matcher m = Pattern.compile(s.pattern().pattern(), Pattern.DOTALL).matcher(text);
            if (!m.find()) {
                return new Edited(text, 0, "Pattern for before/after params did not match the given file: "
                        + section);
            }
            from = m.start(s.group("subsection"));
            to = m.end(s.group("subsection"));
        }
        PythonRegex re = PythonRegex.compile(p.regexp(), false, true);
        Matcher m = re.pattern().matcher(text.substring(from, to));
        StringBuilder out = new StringBuilder();
        int count = 0;
        String replacement = re.replacement(p.replace());
        while (m.find()) {
            m.appendReplacement(out, replacement);
            count++;
        }
        m.appendTail(out);
        return new Edited(text.substring(0, from) + out + text.substring(to), count, "");
    }
}
