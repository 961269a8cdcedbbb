package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.host.FileMode;
import dev.kvmforge.runner.template.TemplateSyntax;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code template}: renders a Jinja2 template from the playbook's {@code templates/} with the task's variables and
 * puts the result at {@code dest}, compared and shown in {@code --diff} as {@code copy} does. The template also sees
 * {@code template_path}, {@code template_fullpath}, {@code template_destpath}, {@code template_host} and
 * {@code ansible_managed}.
 */
public final class TemplateModule implements Module<TemplateModule.Params> {

    /**
     * @param src    the template on the controller: absolute, or relative to the playbook's {@code templates/}
     * @param dest   the path on the host
     * @param mode   permission bits, such as {@code '0644'}
     * @param owner  owning user's name
     * @param group  owning group's name
     * @param backup keep {@code dest.YYYY-MM-DD@HH:MM:SS~} before changing a file
     * @param force  replace a file whose content differs (default true)
     * @param validate a command that must accept the new file first, {@code %s} for a copy of it
     * @param variableStartString the mark that opens an expression (default {@code {{})
     * @param variableEndString   the mark that closes it (default <code>}}</code>)
     * @param blockStartString    the mark that opens a statement (default {@code {%})
     * @param blockEndString      the mark that closes it (default {@code %}})
     * @param commentStartString  the mark that opens a comment (default {@code {#})
     * @param commentEndString    the mark that closes it (default {@code #}})
     * @param trimBlocks          drop the newline after a statement (default true)
     * @param lstripBlocks        drop blanks before a statement on its line (default false)
     * @param newlineSequence     the line ending of the result: {@code \n} (default), {@code \r} or {@code \r\n}
     * @param follow              a link at dest is written through to its target (default false: replaced)
     */
    public record Params(String src, String dest, FileMode mode, String owner, String group, Boolean backup,
                         Boolean force, String validate, String variableStartString, String variableEndString,
                         String blockStartString, String blockEndString, String commentStartString,
                         String commentEndString, Boolean trimBlocks, Boolean lstripBlocks, String newlineSequence,
                         Boolean follow) {
        public Params {
            if (newlineSequence != null) {
                // written with escapes ('\r\n' in single quotes) or as the characters ("\r\n"), as Ansible takes it
                newlineSequence = newlineSequence.replace("\\r", "\r").replace("\\n", "\n");
            }
            if (newlineSequence != null && !List.of("\n", "\r", "\r\n").contains(newlineSequence)) {
                throw new IllegalArgumentException("newline_sequence must be one of \\n, \\r, \\r\\n");
            }
        }

        /** The marks and whitespace options, Ansible's defaults where not given. */
        TemplateSyntax syntax() {
            TemplateSyntax d = TemplateSyntax.ANSIBLE;
            return new TemplateSyntax(or(variableStartString, d.variableStart()), or(variableEndString,
                    d.variableEnd()), or(blockStartString, d.blockStart()), or(blockEndString, d.blockEnd()),
                    or(commentStartString, d.commentStart()), or(commentEndString, d.commentEnd()),
                    trimBlocks == null ? d.trimBlocks() : trimBlocks, lstripBlocks == null ? d.lstripBlocks()
                    : lstripBlocks);
        }

        private static String or(String given, String otherwise) {
            return given == null ? otherwise : given;
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .required("src", "the template file")
            .required("dest", "the path on the host");

    @Override
    public String name() {
        return "template";
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
        return file(context, p).plan(context.host());
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        return ManagedFile.apply(context.host(), plan);
    }

    private static ManagedFile file(ModuleContext context, Params p) {
        String source = new String(ControllerFile.read(context, "template", "src", p.src(), "templates"),
                StandardCharsets.UTF_8);
        Path full = context.localFile(p.src(), "templates").toAbsolutePath().normalize();
        Map<String, Object> vars = new LinkedHashMap<>(context.vars());
        vars.put("template_path", p.src());
        vars.put("template_fullpath", full.toString());
        vars.put("template_destpath", p.dest());
        vars.put("template_host", context.host().name());
        vars.putIfAbsent("ansible_managed", "Ansible managed");
        String text = context.templar().renderText(source, vars, p.syntax());
        if (p.newlineSequence() != null && !p.newlineSequence().equals("\n")) {
            text = text.replace("\n", p.newlineSequence());
        }
        return new ManagedFile(ManagedFile.followed(context.host(), p.dest(), p.follow()), FileContent.of(text),
                new FileAttributes(p.mode(), p.owner(), p.group()),
                Boolean.TRUE.equals(p.backup()), p.force() == null || p.force(), p.validate());
    }
}
