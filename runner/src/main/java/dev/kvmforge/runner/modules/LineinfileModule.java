package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.FileMode;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.template.PythonRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * {@code lineinfile}: makes sure one line is in a file (replacing the last line that {@code regexp} matches, or
 * adding it at the end, after {@code insertafter} or before {@code insertbefore}), or that no line matches
 * ({@code state: absent}). Regular expressions are Python's, as Ansible's ({@code ^#?\s*security_driver}).
 *
 * <p>When {@code regexp} matches nothing but the exact line is already in the file, nothing changes: a second run is
 * always {@code ok}. With {@code backrefs}, {@code line} may use {@code \1} and {@code \g<name>} from the match, and a
 * file where {@code regexp} matches nothing is left alone. The whole file is compared and shown in {@code --diff}.
 */
public final class LineinfileModule implements Module<LineinfileModule.Params> {

    /**
     * @param path         the file on the host
     * @param line         the line to have (without newline)
     * @param regexp       a Python regular expression: the last matching line is replaced (present) or all matching
     *                     lines are removed (absent)
     * @param searchString a literal text to look for instead of {@code regexp}
     * @param state        present (default) or absent
     * @param insertafter  {@code EOF} (default) or a regular expression: add the line after its last match
     * @param insertbefore {@code BOF} or a regular expression: add the line before its last match
     * @param create       create the file when it is missing (default false: a missing file is an error)
     * @param backup       keep {@code path.YYYY-MM-DD@HH:MM:SS~} before changing the file
     * @param backrefs     expand {@code \1}, {@code \g<name>} of the {@code regexp} match in {@code line}
     * @param firstmatch   use the first match of {@code regexp}/{@code insertafter}/{@code insertbefore}, not the last
     * @param mode         permission bits
     * @param owner        owning user's name
     * @param group        owning group's name
     * @param validate     a command that must accept the new file first, {@code %s} for a copy of it
     */
    public record Params(@JsonAlias({"dest", "destfile", "name"}) String path, @JsonAlias("value") String line,
                         @JsonAlias("regex") String regexp, String searchString, Presence state, String insertafter,
                         String insertbefore, Boolean create, Boolean backup, Boolean backrefs, Boolean firstmatch,
                         FileMode mode, String owner, String group, String validate) {
        public Params {
            state = state == null ? Presence.PRESENT : state;
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .required("path", "the file on the host")
            .requiredIfDefault("state", "present", List.of("line"), null)
            .requiredIf("state", "absent", List.of("regexp", "search_string", "line"), null)
            .requiredBy(List.of("backrefs"), "regexp", null)
            .mutuallyExclusive("regexp", "search_string", null)
            .mutuallyExclusive("insertafter", "insertbefore", null);

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public String name() {
        return "lineinfile";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    /** The file as it should be, with Ansible's message for what the edit does. */
    private record Edit(ManagedFile file, String msg) {
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        Optional<Edit> e = edit(context.host(), p);
        return e.map(edit -> edit.file().plan(context.host()).withValues(Map.of("msg", edit.msg())))
                .orElse(Plan.none(Map.of("msg", "")));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        return ManagedFile.apply(context.host(), plan).withValues(Map.of("msg", plan.values().get("msg")));
    }

    private static Optional<Edit> edit(Host host, Params p) {
        Optional<String> text = host.readText(p.path());
        if (text.isEmpty()) {
            if (host.stat(p.path()).isPresent()) {
                throw new KvmforgeException(ErrorKind.TASK, "lineinfile: " + p.path() + " is not a regular file",
                        host.name(), null);
            }
            if (p.state() == Presence.ABSENT) {
                return Optional.empty();
            }
            if (!Boolean.TRUE.equals(p.create())) {
                throw new KvmforgeException(ErrorKind.TASK, "lineinfile: destination " + p.path()
                        + " does not exist", host.name(), "set create: true to create it");
            }
        }
        List<String> lines = lines(text.orElse(""));
        String msg = p.state() == Presence.PRESENT ? present(lines, p) : absent(lines, p);
        FileContent content = FileContent.of(String.join("", lines));
        return Optional.of(new Edit(new ManagedFile(p.path(), content, new FileAttributes(p.mode(), p.owner(),
                p.group()), Boolean.TRUE.equals(p.backup()), true, p.validate()), msg));
    }

    /** The lines of {@code text}, each with its newline (the last may have none). */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(from, end));
            from = end;
        }
        return out;
    }

    private static String bare(String line) {
        return line.replaceAll("\r?\n$", "");
    }

    private static PythonRegex regex(String python) {
        return PythonRegex.compile(python, false, false);
    }

    /** Whether {@code line} is one the task looks for: matched by regexp or search_string, or equal to line. */
    private static boolean matching(Params p, PythonRegex re, String line) {
        if (re != null) {
            return re.pattern().matcher(bare(line)).find();
        }
        return p.searchString() != null ? bare(line).contains(p.searchString()) : bare(line).equals(p.line());
    }

    private static String present(List<String> lines, Params p) {
        PythonRegex re = p.regexp() == null ? null : regex(p.regexp());
        boolean first = Boolean.TRUE.equals(p.firstmatch());
        String insAfter = p.insertafter();
        String insBefore = p.insertbefore();
        PythonRegex ins = insAfter != null && !insAfter.equals("EOF") ? regex(insAfter)
                : insBefore != null && !insBefore.equals("BOF") ? regex(insBefore) : null;
        int found = -1;
        int insAt = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (matching(p, re, lines.get(i))) {
                found = i;
                if (first) {
                    break;
                }
            } else if (ins != null && ins.pattern().matcher(bare(lines.get(i))).find()) {
                insAt = insAfter != null ? i + 1 : i;
                if (first) {
                    break;
                }
            }
        }
        boolean backrefs = Boolean.TRUE.equals(p.backrefs());
        if (found < 0 && !backrefs && (re != null || p.searchString() != null)) {
            for (int i = 0; i < lines.size(); i++) {
                if (bare(lines.get(i)).equals(p.line())) {
                    return "";
                }
            }
        }
        if (found >= 0) {
            String wanted = (backrefs ? expand(re, bare(lines.get(found)), p.line()) : p.line()) + "\n";
            if (lines.get(found).equals(wanted)) {
                return "";
            }
            lines.set(found, wanted);
            return "line replaced";
        }
        if (backrefs) {
            return "";
        }
        if ("BOF".equals(insBefore) || "BOF".equals(insAfter)) {
            lines.add(0, p.line() + "\n");
            return "line added";
        }
        if (insAt < 0 || insAt >= lines.size() && insAfter != null) {
            if (!lines.isEmpty() && !lines.get(lines.size() - 1).endsWith("\n")) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + "\n");
            }
            lines.add(p.line() + "\n");
            return "line added";
        }
        if (insAfter != null && bare(lines.get(insAt)).equals(p.line())
                || insBefore != null && insAt > 0 && bare(lines.get(insAt - 1)).equals(p.line())) {
            return "";
        }
        lines.add(insAt, p.line() + "\n");
        return "line added";
    }

    /** {@code template} with the groups of {@code regexp}'s match in {@code text} put in, as Python's {@code expand}. */
    private static String expand(PythonRegex re, String text, String template) {
        Matcher m = re.pattern().matcher(text);
        if (!m.find()) {
            return template;
        }
        StringBuilder b = new StringBuilder();
        m.appendReplacement(b, re.replacement(template));
        return b.substring(m.start());
    }

    private static String absent(List<String> lines, Params p) {
        PythonRegex re = p.regexp() == null ? null : regex(p.regexp());
        int before = lines.size();
        lines.removeIf(l -> matching(p, re, l));
        int removed = before - lines.size();
        return removed == 0 ? "" : removed + " line(s) removed";
    }
}
