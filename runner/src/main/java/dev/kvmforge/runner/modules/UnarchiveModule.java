package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.FileStat;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code unarchive}: a tar archive (plain, gzip, bzip2, xz or zstd: GNU tar finds out which; the compressors other
 * than gzip must be on the host) unpacked into the directory {@code dest} on the host, from the controller
 * ({@code src} in the role's or playbook's {@code files/}, copied over first) or from the host ({@code remote_src}).
 * As Ansible's, {@code tar --diff} decides: an archive whose members are all in {@code dest} as the archive has them
 * is {@code ok} and nothing is written; otherwise it is unpacked over them. {@code creates} skips it. Exact in check
 * mode (the comparison only reads). Not here yet, and refused by name: zip archives, URLs as {@code src}.
 */
public final class UnarchiveModule implements Module<UnarchiveModule.Params> {

    /**
     * @param src       the archive: a controller file, or with {@code remote_src} a file on the host
     * @param dest      an existing directory on the host
     * @param remoteSrc the archive is already on the host
     * @param creates   a path on the host: when it exists, nothing is unpacked
     * @param exclude   member names (patterns) not to unpack
     * @param extraOpts more options for tar
     * @param listFiles return the archive's member names as {@code files}
     * @param keepNewer do not replace files newer than the archive's
     */
    public record Params(String src, String dest, Boolean remoteSrc, String creates,
                         List<String> exclude, List<String> extraOpts, Boolean listFiles, Boolean keepNewer) {
        public Params {
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
            extraOpts = extraOpts == null ? List.of() : List.copyOf(extraOpts);
            if (src != null && src.contains("://")) {
                throw new IllegalArgumentException("src '" + src + "' is a URL: downloading archives is not supported"
                        + " yet; fetch it with get_url first, then unarchive it with remote_src: true");
            }
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE.required("src", "the archive")
            .required("dest", "the directory to unpack it in");

    /** Where the archive is on the host for the plan, and whether it is a copy to remove. */
    private record Archive(String path, boolean copied) {
    }

    @Override
    public String name() {
        return "unarchive";
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
        Map<String, Object> values = ModuleResult.valuesInOrder("dest", p.dest(), "src", p.src());
        if (p.creates() != null && host.stat(p.creates()).isPresent()) {
            values.put("skipped", true);
            values.put("msg", "skipped, since " + p.creates() + " exists");
            return Plan.none(values);
        }
        Optional<FileStat> dest = host.stat(p.dest());
        if (dest.isEmpty() || !dest.get().isDirectory()) {
            throw new BadParameter(ErrorKind.TASK, "unarchive: destination '" + p.dest() + "' is not a directory",
                    "create it first (file: state=directory)", List.of("dest"));
        }
        Archive a = archive(context, p);
        try {
            refuseZip(host, a.path(), p.src());
            List<String> members = members(host, a.path(), p);
            if (Boolean.TRUE.equals(p.listFiles())) {
                values.put("files", members);
            }
            ExecResult diff = host.run(tar(p, "-d", a.path()) + " 2>&1");
            values.put("handler", "TgzArchive");
            if (diff.ok() || !differs(host, diff.stdout())) {
                return Plan.none(values);
            }
            return new Plan(List.of(Change.of("unpack " + p.src() + " (" + members.size() + " members) into "
                    + p.dest())), values);
        } finally {
            if (a.copied()) {
                host.run("rm -f " + Shell.quote(a.path()));
            }
        }
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Host host = context.host();
        Archive a = archive(context, p);
        try {
            ExecResult r = host.run(tar(p, "-x", a.path()));
            if (!r.ok()) {
                throw new KvmforgeException(ErrorKind.TASK, "unarchive: tar could not unpack " + p.src() + " into "
                        + p.dest() + ": " + r.stderr().strip(), host.name(), null);
            }
            context.host().forgetFacts();
            return ModuleResult.of(plan);
        } finally {
            if (a.copied()) {
                host.run("rm -f " + Shell.quote(a.path()));
            }
        }
    }

    /** The archive on the host: the given path with remote_src, else the controller file copied to a temporary one. */
    private static Archive archive(ModuleContext context, Params p) {
        Host host = context.host();
        if (Boolean.TRUE.equals(p.remoteSrc())) {
            if (host.stat(p.src()).isEmpty()) {
                throw new BadParameter(ErrorKind.TASK, "unarchive: src '" + p.src() + "' (remote_src) does not exist"
                        + " on " + host.name(), "remote_src: true means src is on the host", List.of("src"));
            }
            return new Archive(p.src(), false);
        }
        byte[] bytes = ControllerFile.read(context, "unarchive", "src", p.src(), "files");
        String tmp = host.check("mktemp").strip();
        host.write(tmp, bytes, null, null, null);
        return new Archive(tmp, true);
    }

    /**
     * Whether {@code tar --diff} found a member that differs; as Ansible's, owner differences count only when the
     * login is root (a user cannot unpack files as anyone else, so they always differ).
     */
    private static boolean differs(Host host, String report) {
        boolean root = host.run("id -u").stdout().strip().equals("0");
        for (String line : report.split("\n")) {
            if (line.isBlank() || !root && (line.endsWith("Uid differs") || line.endsWith("Gid differs"))) {
                continue;
            }
            return true;
        }
        return false;
    }

    private static void refuseZip(Host host, String path, String src) {
        ExecResult magic = host.run("head -c 4 -- " + Shell.quote(path) + " | od -An -tx1");
        if (magic.ok() && magic.stdout().replace(" ", "").strip().startsWith("504b0304")) {
            throw new BadParameter(ErrorKind.TASK, "unarchive: " + src + " is a zip archive: zip is not supported"
                    + " yet", "unpack it with command: unzip (creates: keeps it idempotent), or use a tar archive",
                    List.of("src"));
        }
    }

    private static List<String> members(Host host, String path, Params p) {
        ExecResult r = host.run(tar(p, "-t", path));
        if (!r.ok()) {
            throw new BadParameter(ErrorKind.TASK, "unarchive: " + p.src() + " is not an archive tar can read: "
                    + r.stderr().strip(), "give a tar archive (.tar, .tar.gz, .tgz, .tar.bz2, .tar.xz, .tar.zst)",
                    List.of("src"));
        }
        List<String> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    /** {@code tar MODE -f ARCHIVE -C DEST} with the task's options. */
    private static String tar(Params p, String mode, String archive) {
        List<String> argv = new ArrayList<>(List.of("tar", mode, "-f", archive, "-C", p.dest()));
        if (Boolean.TRUE.equals(p.keepNewer()) && mode.equals("-x")) {
            argv.add("--keep-newer-files");
        }
        p.exclude().forEach(e -> argv.add("--exclude=" + e));
        argv.addAll(p.extraOpts());
        return Shell.command(argv);
    }
}
