package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.FileMode;
import dev.kvmforge.runner.host.FileStat;
import dev.kvmforge.runner.host.Host;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code get_url}: downloads a file on the host (with its curl), as Ansible's: a {@code dest} that exists is not
 * downloaded again unless {@code force} (or its {@code checksum} differs); the download goes to a temporary file beside
 * {@code dest}, must match {@code checksum} ({@code sha256:HEX}, or {@code sha256:URL} of a checksum list), and
 * replaces {@code dest} only when its content differs. Everything curl is told, the URL and any password included,
 * goes on its standard input ({@code curl -K -}): no secret is in a process's arguments. In check mode nothing is
 * downloaded: changed when {@code dest} would be.
 */
public final class GetUrlModule implements Module<GetUrlModule.Params> {

    private static final Set<String> ALGORITHMS = Set.of("md5", "sha1", "sha224", "sha256", "sha384", "sha512");

    /**
     * @param url            what to download (http, https, ftp, file)
     * @param dest           the file on the host, or a directory to put it in under the URL's name
     * @param checksum       {@code ALGORITHM:HEX} or {@code ALGORITHM:URL} of a file listing checksums
     * @param force          download even when dest exists (default false)
     * @param mode           permission bits
     * @param owner          owning user's name
     * @param group          owning group's name
     * @param timeout        seconds the download may take (default 10)
     * @param headers        request headers
     * @param urlUsername    the user for HTTP authentication
     * @param urlPassword    the password for it; never shown, never in a command line
     * @param validateCerts  check the server's certificate (default true)
     * @param backup         keep a dated copy of a dest it replaces
     * @param forceBasicAuth send the credentials without waiting to be asked
     */
    public record Params(String url, String dest, String checksum, Boolean force, FileMode mode, String owner,
                         String group, Integer timeout, Map<String, String> headers,
                         @JsonAlias("username") String urlUsername, @JsonAlias("password") String urlPassword,
                         Boolean validateCerts, Boolean backup, Boolean forceBasicAuth) {
        public Params {
            timeout = timeout == null ? 10 : timeout;
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            if (checksum != null && !checksum.isBlank()) {
                int colon = checksum.indexOf(':');
                if (colon < 0 || !ALGORITHMS.contains(checksum.substring(0, colon).toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("checksum '" + checksum + "' is not ALGORITHM:VALUE with one of"
                            + " " + String.join(", ", new java.util.TreeSet<>(ALGORITHMS)));
                }
            }
        }

        /** Shown instead of the password wherever parameters are printed. */
        @Override
        public String toString() {
            return "Params[url=" + url + ", dest=" + dest + ", urlPassword=" + (urlPassword == null ? "null"
                    : "********") + "]";
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE.required("url", "what to download")
            .required("dest", "where to put it on the host");

    /** What the plan found: the file to write, and what a download must then be. */
    private record Target(String dest, boolean exists, String algorithm, String expected) {
    }

    @Override
    public String name() {
        return "get_url";
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
        String dest = p.dest();
        Optional<FileStat> at = host.stat(dest);
        if (dest.endsWith("/") || at.isPresent() && at.get().isDirectory()) {
            String name = p.url().replaceAll("[?#].*$", "").replaceAll("/+$", "");
            name = name.substring(name.lastIndexOf('/') + 1);
            dest = (dest.endsWith("/") ? dest : dest + "/") + (name.isEmpty() ? "index.html" : name);
            at = host.stat(dest);
        }
        String algorithm = null;
        String expected = null;
        if (p.checksum() != null && !p.checksum().isBlank()) {
            algorithm = p.checksum().substring(0, p.checksum().indexOf(':')).toLowerCase(Locale.ROOT);
            expected = expectedSum(host, p, algorithm, dest);
        }
        Map<String, Object> values = ModuleResult.valuesInOrder("dest", dest, "url", shown(p.url()));
        Target t = new Target(dest, at.isPresent(), algorithm, expected);
        if (at.isPresent() && !Boolean.TRUE.equals(p.force())) {
            boolean matches = expected == null || expected.equalsIgnoreCase(sum(host, algorithm, dest));
            if (matches) {
                List<Change> attrs = new FileAttributes(p.mode(), p.owner(), p.group()).changesFrom(at.get());
                values.put("msg", "file already exists");
                return new Plan(attrs, values).withIntent(t);
            }
        }
        return new Plan(List.of(Change.of((at.isPresent() ? "download again " : "download ") + shown(p.url()) + " to "
                + dest
                + (expected == null ? "" : " (" + algorithm + " " + expected + ")"))), values).withIntent(t);
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Host host = context.host();
        Target t = plan.intent(Target.class).orElseThrow(() -> new IllegalStateException("a plan without its target"));
        FileAttributes attrs = new FileAttributes(p.mode(), p.owner(), p.group());
        Map<String, Object> values = new LinkedHashMap<>(plan.values());
        boolean downloads = plan.changes().stream().anyMatch(c -> c.summary().startsWith("download"));
        if (!downloads) {
            attrs.applyTo(host, t.dest(), false);
            return ModuleResult.of(plan).withValues(values);
        }
        String tmp = host.check("mktemp " + Shell.quote(t.dest() + ".kvmforge-download.XXXXXX")).strip();
        try {
            long started = System.nanoTime();
            int status = download(host, p, p.url(), tmp);
            values.put("status_code", status);
            values.put("elapsed", (int) ((System.nanoTime() - started) / 1_000_000_000L));
            if (t.expected() != null) {
                String got = sum(host, t.algorithm(), tmp);
                if (!t.expected().equalsIgnoreCase(got)) {
                    throw new KvmforgeException(ErrorKind.TASK, "The checksum for " + t.dest() + " did not match "
                            + t.expected() + "; it was " + got + ".", host.name(), "the download is not what the"
                            + " checksum says: check both; " + t.dest() + " is unchanged");
                }
            }
            String newSum = sum(host, "sha256", tmp);
            boolean same = t.exists() && newSum.equals(sum(host, "sha256", t.dest()));
            long size = host.stat(tmp).map(FileStat::size).orElse(0L);
            values.put("checksum_src", sum(host, "sha1", tmp));
            values.put("size", size);
            values.put("msg", "OK (" + size + " bytes)");
            if (same) {
                attrs.applyTo(host, t.dest(), false);
                return ModuleResult.ok(values);
            }
            if (Boolean.TRUE.equals(p.backup()) && t.exists()) {
                values.put("backup_file", ManagedFile.backupOf(host, t.dest()));
            }
            String d = Shell.quote(t.dest());
            host.check("chmod 0644 " + Shell.quote(tmp) + "; if [ -e " + d + " ]; then chmod --reference=" + d + " "
                    + Shell.quote(tmp) + "; chown --reference=" + d + " " + Shell.quote(tmp)
                    + " 2>/dev/null || true; fi; mv -f " + Shell.quote(tmp) + " " + d);
            attrs.applyTo(host, t.dest(), false);
            return ModuleResult.changed(values);
        } finally {
            host.run("rm -f " + Shell.quote(tmp));
        }
    }

    /** Downloads {@code url} to {@code file} on the host; returns the HTTP status (0 for file: and ftp:). */
    private static int download(Host host, Params p, String url, String file) {
        StringBuilder config = new StringBuilder();
        config.append("url = ").append(quoted(url)).append('\n');
        config.append("output = ").append(quoted(file)).append('\n');
        config.append("location\nsilent\nshow-error\n");
        config.append("max-time = ").append(Math.max(1, p.timeout())).append('\n');
        config.append("write-out = \"%{http_code}\"\n");
        if (Boolean.FALSE.equals(p.validateCerts())) {
            config.append("insecure\n");
        }
        if (p.urlUsername() != null) {
            config.append("user = ").append(quoted(p.urlUsername() + ":" + (p.urlPassword() == null ? ""
                    : p.urlPassword()))).append('\n');
            if (Boolean.TRUE.equals(p.forceBasicAuth())) {
                config.append("basic\n");
            }
        }
        p.headers().forEach((k, v) -> config.append("header = ").append(quoted(k + ": " + v)).append('\n'));
        ExecResult r = host.run("command -v curl >/dev/null || exit 127; curl -K -",
                config.toString().getBytes(StandardCharsets.UTF_8));
        if (r.exitStatus() == 127) {
            throw new KvmforgeException(ErrorKind.TASK, "get_url needs curl on " + host.name(), host.name(),
                    "install it first: package: name=curl");
        }
        String code = r.stdout().strip();
        int status = code.matches("\\d+") ? Integer.parseInt(code) : 0;
        if (!r.ok() || status >= 400) {
            throw new KvmforgeException(ErrorKind.TASK, "Request failed: " + (status >= 400 ? "HTTP Error " + status
                    : r.stderr().strip().replace(url, shown(url))) + " (" + shown(url) + ")", host.name(), null);
        }
        return status;
    }

    /** The checksum a download must have: given, or read from the checksum list at a URL (the line naming the file). */
    private static String expectedSum(Host host, Params p, String algorithm, String dest) {
        String value = p.checksum().substring(p.checksum().indexOf(':') + 1).strip();
        if (!value.contains("://")) {
            return value;
        }
        String list = host.check("mktemp").strip();
        try {
            download(host, p, value, list);
            String text = host.readText(list).orElse("");
            String file = dest.substring(dest.lastIndexOf('/') + 1);
            String urlName = p.url().replaceAll("[?#].*$", "");
            urlName = urlName.substring(urlName.lastIndexOf('/') + 1);
            List<String> candidates = new ArrayList<>();
            for (String line : text.split("\n")) {
                String[] f = line.strip().split("\\s+", 2);
                if (f.length == 2) {
                    String name = f[1].startsWith("*") ? f[1].substring(1) : f[1];
                    name = name.startsWith("./") ? name.substring(2) : name;
                    if (name.equals(urlName) || name.equals(file)) {
                        return f[0];
                    }
                    candidates.add(name);
                } else if (f.length == 1 && !f[0].isEmpty() && text.strip().split("\n").length == 1) {
                    return f[0]; // a file holding just the checksum
                }
            }
            throw new KvmforgeException(ErrorKind.TASK, "Unable to find a checksum for file '" + urlName + "' in '"
                    + shown(value) + "'", host.name(), candidates.isEmpty() ? null : "it lists " + candidates);
        } finally {
            host.run("rm -f " + Shell.quote(list));
        }
    }

    private static String sum(Host host, String algorithm, String path) {
        ExecResult r = host.run((algorithm == null ? "sha256" : algorithm) + "sum -- " + Shell.quote(path));
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot read " + path + ": " + r.stderr().strip(), host.name(),
                    null);
        }
        return r.stdout().strip().split("\\s+")[0];
    }

    /** {@code url} with a password written in it ({@code https://user:pass@host/}) masked, for values and messages. */
    static String shown(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:]*):[^/@]*@", "$1:********@");
    }

    /** A value in curl's config syntax: double-quoted, with backslash escapes. */
    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
