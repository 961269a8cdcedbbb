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
 * {@code blockinfile}: a block of lines between two marker lines ({@code # BEGIN ANSIBLE MANAGED BLOCK} ...
 * {@code # END ANSIBLE MANAGED BLOCK}) kept in a file, as Ansible's: the block between existing markers replaced; a
 * new one put at the end, or after the last line {@code insertafter} matches ({@code BOF}/{@code insertbefore}:
 * before), or where a multi-line ({@code (?m)}) pattern matches; an empty block or {@code state: absent} takes the
 * block and its markers out. Regular expressions are Python's. Exact {@code --check} and {@code --diff}, backup,
 * file attributes; a second run is ok.
 */
public final class BlockinfileModule implements Module<BlockinfileModule.Params> {

    /**
     * @param path           the file on the host
     * @param state          present (default) or absent
     * @param marker         the marker line, {@code {mark}} standing for marker_begin / marker_end
     * @param block          the lines between the markers
     * @param insertafter    {@code EOF} (default) or a regular expression
     * @param insertbefore   {@code BOF} or a regular expression
     * @param create         create a missing file (default false: a missing file is an error)
     * @param backup         keep {@code path.YYYY-MM-DD@HH:MM:SS~} before changing the file
     * @param markerBegin    what {@code {mark}} is in the first marker (default BEGIN)
     * @param markerEnd      what {@code {mark}} is in the last marker (default END)
     * @param appendNewline  a blank line after a block that is not at the end
     * @param prependNewline a blank line before a block that is not at the start
     * @param validate       a command that must accept the new file first, {@code %s} for a copy of it
     */
    public record Params(@JsonAlias({"dest", "destfile", "name"}) String path, Presence state,
                         String marker, @JsonAlias("content") String block, String insertafter, String insertbefore,
                         Boolean create, Boolean backup, String markerBegin, String markerEnd, Boolean appendNewline,
                         Boolean prependNewline, FileMode mode, String owner, String group, String validate) {
        public Params {
            state = state == null ? Presence.PRESENT : state;
            marker = marker == null ? "# {mark} ANSIBLE MANAGED BLOCK" : marker;
            block = block == null ? "" : block;
            markerBegin = markerBegin == null ? "BEGIN" : markerBegin;
            markerEnd = markerEnd == null ? "END" : markerEnd;
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE.required("path", "the file on the host")
            .mutuallyExclusive("insertbefore", "insertafter", "the block goes after one place or before another");

    @Override
    public String name() {
        return "blockinfile";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        Host host = context.host();
        Optional<String> text = host.readText(p.path());
        boolean present = p.state() == Presence.PRESENT;
        if (text.isEmpty()) {
            if (host.stat(p.path()).isPresent()) {
                throw new KvmforgeException(ErrorKind.TASK, "Path " + p.path() + " is a directory !", host.name(),
                        "give the file's full path");
            }
            if (!present) {
                return Plan.none(Map.of("msg", "File " + p.path() + " not present"));
            }
            if (!Boolean.TRUE.equals(p.create())) {
                throw new KvmforgeException(ErrorKind.TASK, "Path " + p.path() + " does not exist !", host.name(),
                        "set create: true to create it");
            }
        }
        String before = text.orElse("");
        String after = edited(before, p);
        String msg = after.equals(before) && text.isPresent() ? "" : text.isEmpty() ? "File created"
                : !present || p.block().isEmpty() ? "Block removed" : "Block inserted";
        ManagedFile file = new ManagedFile(p.path(), FileContent.of(after), new FileAttributes(p.mode(), p.owner(),
                p.group()), Boolean.TRUE.equals(p.backup()), true, p.validate());
        return file.plan(host).withValues(Map.of("msg", msg));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        String parent = p.path().contains("/") ? p.path().substring(0, p.path().lastIndexOf('/')) : "";
        if (!parent.isEmpty() && context.host().stat(parent).isEmpty()) {
            context.host().check("mkdir -p " + dev.kvmforge.runner.connection.Shell.quote(parent));
        }
        return ManagedFile.apply(context.host(), plan).withValues(Map.of("msg", plan.values().get("msg")));
    }

    /** {@code text} with the block put in, replaced or taken out, as Ansible's blockinfile edits it. */
    static String edited(String text, Params p) {
        List<String> lines = new ArrayList<>(LineinfileModule.lines(text));
        boolean present = p.state() == Presence.PRESENT;
        String begin = p.marker().replace("{mark}", p.markerBegin()) + "\n";
        String end = p.marker().replace("{mark}", p.markerEnd()) + "\n";
        List<String> blockLines = new ArrayList<>();
        if (present && !p.block().isEmpty()) {
            blockLines.add(begin);
            blockLines.addAll(LineinfileModule.lines(p.block().endsWith("\n") ? p.block() : p.block() + "\n"));
            blockLines.add(end);
        }
        Integer n0 = null;
        Integer n1 = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(begin)) {
                n0 = i;
            }
            if (lines.get(i).equals(end)) {
                n1 = i;
            }
        }
        int at;
        if (n0 == null || n1 == null) {
            at = insertionPoint(text, lines, p);
        } else if (n0 < n1) {
            lines.subList(n0, n1 + 1).clear();
            at = n0;
        } else {
            lines.subList(n1, n0 + 1).clear();
            at = n1;
        }
        if (at > 0 && !lines.get(at - 1).endsWith("\n")) {
            lines.set(at - 1, lines.get(at - 1) + "\n");
        }
        if (Boolean.TRUE.equals(p.prependNewline()) && present && at != 0 && !lines.get(at - 1).equals("\n")) {
            lines.add(at, "\n");
            at++;
        }
        lines.addAll(at, blockLines);
        int afterBlock = at + blockLines.size();
        if (Boolean.TRUE.equals(p.appendNewline()) && present && afterBlock < lines.size()
                && !lines.get(afterBlock).equals("\n")) {
            lines.add(afterBlock, "\n");
        }
        return String.join("", lines);
    }

    /** Where a new block goes: after the last line insertafter matches, before insertbefore's, at BOF or EOF. */
    private static int insertionPoint(String text, List<String> lines, Params p) {
        boolean after = p.insertbefore() == null;
        String where = after ? (p.insertafter() == null ? "EOF" : p.insertafter()) : p.insertbefore();
        if (where.equals(after ? "EOF" : "BOF")) {
            return after ? lines.size() : 0;
        }
        PythonRegex re = PythonRegex.compile(where, false, false);
        Integer n0 = null;
        if (where.matches("^\\(\\?[aiLsux]*m[aiLmsux]*\\).*")) {
            Matcher m = re.pattern().matcher(text);
            if (m.find()) {
                n0 = (int) text.substring(0, after ? m.end() : m.start()).chars().filter(c -> c == '\n').count();
            }
        } else {
            for (int i = 0; i < lines.size(); i++) {
                if (re.pattern().matcher(lines.get(i)).find()) {
                    n0 = i;
                }
            }
        }
        if (n0 == null) {
            return lines.size();
        }
        return after ? n0 + 1 : n0;
    }
}
