package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.host.FileStat;
import dev.kvmforge.runner.host.Host;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code stat}: what is at a path, registered as Ansible's {@code stat} result: {@code exists}, {@code isdir},
 * {@code isreg}, {@code islnk}, {@code mode}, {@code pw_name}, {@code gr_name}, {@code size}, {@code mtime},
 * {@code lnk_target}, and {@code checksum} (SHA-1 by default, as Ansible's) of a regular file. Changes nothing.
 */
public final class StatModule implements ReadOnlyModule<StatModule.Params> {

    /**
     * @param path              the path on the host
     * @param follow            describe a link's target rather than the link (default false)
     * @param getChecksum       compute the checksum of a regular file (default true)
     * @param checksumAlgorithm sha1 (default), sha224, sha256, sha384, sha512 or md5
     */
    public record Params(@JsonAlias({"dest", "name"}) String path, Boolean follow, Boolean getChecksum,
                         @JsonAlias({"checksum", "checksum_algo"}) String checksumAlgorithm) {
        public Params {
            if (checksumAlgorithm != null && !checksumAlgorithm.matches("sha1|sha224|sha256|sha384|sha512|md5")) {
                throw new IllegalArgumentException("checksum_algorithm '" + checksumAlgorithm
                        + "' is not one of sha1, sha224, sha256, sha384, sha512, md5");
            }
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .required("path", "the path on the host");

    @Override
    public String name() {
        return "stat";
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
    public ModuleResult read(ModuleContext context, Params p) {
        Host host = context.host();
        String path = p.path();
        Optional<FileStat> st = host.stat(path);
        if (st.isPresent() && st.get().isLink() && Boolean.TRUE.equals(p.follow())) {
            String real = host.run("readlink -f -- " + Shell.quote(path)).stdout().strip();
            Optional<FileStat> target = real.isEmpty() ? Optional.empty() : host.stat(real);
            st = target.map(t -> new FileStat(path, t.type(), t.mode(), t.owner(), t.group(), t.size(), t.mtime(),
                    null));
        }
        Map<String, Object> stat = new LinkedHashMap<>();
        stat.put("exists", st.isPresent());
        if (st.isPresent()) {
            FileStat s = st.get();
            stat.put("path", path);
            stat.put("isdir", s.isDirectory());
            stat.put("isreg", s.isFile());
            stat.put("islnk", s.isLink());
            stat.put("mode", s.mode().octal());
            stat.put("pw_name", s.owner());
            stat.put("gr_name", s.group());
            stat.put("size", s.size());
            stat.put("mtime", s.mtime());
            if (s.isLink()) {
                stat.put("lnk_target", s.linkTarget());
                stat.put("lnk_source", s.linkTarget());
            }
            if (s.isFile() && (p.getChecksum() == null || p.getChecksum())) {
                String algorithm = p.checksumAlgorithm() == null ? "sha1" : p.checksumAlgorithm();
                host.checksum(path, algorithm).ifPresent(c -> stat.put("checksum", c));
            }
        }
        return ModuleResult.ok(Map.of("stat", stat));
    }
}
