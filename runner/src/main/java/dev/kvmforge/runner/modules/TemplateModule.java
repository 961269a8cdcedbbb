package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.host.FileMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
     */
    public record Params(String src, String dest, FileMode mode, String owner, String group, Boolean backup,
                         Boolean force, String validate) {
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
        String text = context.templar().renderText(source, vars);
        return new ManagedFile(p.dest(), FileContent.of(text), new FileAttributes(p.mode(), p.owner(), p.group()),
                Boolean.TRUE.equals(p.backup()), p.force() == null || p.force(), p.validate());
    }
}
