package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.host.FileMode;
import dev.kvmforge.runner.host.FileStat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code copy}: puts a controller file ({@code src}, looked up in the playbook's {@code files/}) or literal
 * {@code content} at {@code dest} on the host, with the asked mode, owner and group. Compares by SHA-256 on the host;
 * {@code --diff} shows the text before and after. A {@code dest} that is a directory receives {@code src} under its
 * own name. With {@code remote_src}, {@code src} is a file on the host ({@link RemoteCopy}).
 */
public final class CopyModule implements Module<CopyModule.Params> {

    /**
     * @param src     a file on the controller: absolute, or relative to the playbook's {@code files/} or directory
     * @param content the text to write, instead of {@code src}
     * @param dest    the path on the host
     * @param mode    permission bits, such as {@code '0644'}
     * @param owner   owning user's name
     * @param group   owning group's name
     * @param backup  keep {@code dest.YYYY-MM-DD@HH:MM:SS~} before changing a file
     * @param force   replace a file whose content differs (default true); false only creates a missing one
     * @param validate a command that must accept the new file first, {@code %s} for a copy of it
     * @param remoteSrc {@code src} is a file on the host, copied there (see {@link RemoteCopy})
     * @param follow   a link at dest is written through to its target (default false: replaced)
     * @param checksum the SHA-1 the source must have: a source that differs is not copied
     */
    public record Params(String src, String content, String dest, FileMode mode, String owner, String group,
                         Boolean backup, @JsonAlias("thirsty") Boolean force, String validate, Boolean remoteSrc,
                         Boolean follow, String checksum) {
        boolean remote() {
            return Boolean.TRUE.equals(remoteSrc);
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .required("dest", "the path on the host")
            .requiredOneOf(List.of("src", "content"), "give 'src' (a controller file) or 'content' (the text to write)")
            .mutuallyExclusive("src", "content", "src is a controller file, content the text to write")
            .requiredBy(List.of("remote_src"), "src", "remote_src says src is a file on the host");

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        if (p.remote()) {
            if (p.checksum() != null) {
                String sum = context.host().check("sha1sum -- " + dev.kvmforge.runner.connection.Shell.quote(p.src()))
                        .strip().split("\\s+")[0];
                mustMatch(p, sum);
            }
            return remote(p).plan(context.host());
        }
        ManagedFile f = file(context, p);
        if (p.checksum() != null) {
            mustMatch(p, f.content().sha1());
        }
        return f.plan(context.host());
    }

    /** {@code checksum}: the source must be the one the task names, or nothing is copied. */
    private static void mustMatch(Params p, String sha1) {
        if (!p.checksum().strip().equalsIgnoreCase(sha1)) {
            throw new BadParameter(dev.kvmforge.runner.error.ErrorKind.TASK, "copy: the source's SHA-1 is " + sha1
                    + ", not the checksum " + p.checksum() + " the task gives; nothing was copied",
                    "check the source file, or the checksum", List.of("checksum"));
        }
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        return p.remote() ? remote(p).apply(context.host(), plan) : ManagedFile.apply(context.host(), plan);
    }

    private static RemoteCopy remote(Params p) {
        return new RemoteCopy(p.src(), p.dest(), new FileAttributes(p.mode(), p.owner(), p.group()),
                Boolean.TRUE.equals(p.backup()), p.force() == null || p.force(), p.validate());
    }

    private static ManagedFile file(ModuleContext context, Params p) {
        FileContent content = p.content() != null ? FileContent.of(p.content())
                : new FileContent(ControllerFile.read(context, "copy", "src", p.src(), "files"));
        String dest = p.dest();
        if (p.src() != null) {
            Optional<FileStat> at = context.host().stat(dest);
            if (dest.endsWith("/") || at.isPresent() && at.get().isDirectory()) {
                dest = (dest.endsWith("/") ? dest : dest + "/") + Path.of(p.src()).getFileName();
            }
        }
        return new ManagedFile(ManagedFile.followed(context.host(), dest, p.follow()), content,
                new FileAttributes(p.mode(), p.owner(), p.group()),
                Boolean.TRUE.equals(p.backup()), p.force() == null || p.force(), p.validate());
    }
}
