package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code service_facts}: the host's services as the fact {@code services}, each with {@code name}, {@code state}
 * (running, stopped...), {@code status} (enabled, disabled, static... for systemd) and {@code source}, read as
 * Ansible's module reads them: from systemd ({@code systemctl list-units} and {@code list-unit-files}) when it runs
 * the host, else from {@code service --status-all}. Changes nothing.
 */
public final class ServiceFactsModule implements ReadOnlyModule<Map<String, Object>> {

    private static final Set<String> BAD_STATES = Set.of("not-found", "masked", "failed");
    private static final Pattern SYSV = Pattern.compile("^\\s*\\[ ([+-]) ]\\s+(.+)$", Pattern.MULTILINE);

    @Override
    public String name() {
        return "service_facts";
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<Map<String, Object>> parameters() {
        return (Class) Map.class;
    }

    @Override
    public ModuleResult read(ModuleContext context, Map<String, Object> params) {
        if (!params.isEmpty()) {
            throw new BadParameter(dev.kvmforge.runner.error.ErrorKind.PARSE, "module 'service_facts' takes no"
                    + " parameters", "write service_facts: with nothing after it",
                    List.of(params.keySet().iterator().next()));
        }
        Host host = context.host();
        Map<String, Object> services = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        if (host.facts().systemdRunning()) {
            systemd(host, services, warnings);
        } else {
            ExecResult r = host.run("command -v service >/dev/null || exit 127; service --status-all");
            if (r.exitStatus() == 127) {
                warnings.add("no service manager found on " + host.name() + " to list services from");
            } else {
                Matcher m = SYSV.matcher(r.stdout());
                while (m.find()) {
                    String name = m.group(2).strip();
                    services.put(name, ModuleResult.valuesInOrder("name", name, "state", m.group(1).equals("+")
                            ? "running" : "stopped", "source", "sysv"));
                }
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("ansible_facts", Map.of("services", services));
        if (!warnings.isEmpty()) {
            values.put("warnings", warnings);
        }
        return ModuleResult.ok(values);
    }

    /** Units as systemd lists them, then the unit files for their status, as Ansible's module merges them. */
    private static void systemd(Host host, Map<String, Object> services, List<String> warnings) {
        ExecResult r = host.run("systemctl list-units --no-pager --type service --all --plain; echo ::files::;"
                + " systemctl list-unit-files --no-pager --type service --all");
        String[] parts = r.stdout().split("::files::\n?", 2);
        for (String line : parts[0].split("\n")) {
            if (!line.contains(".service")) {
                continue;
            }
            String[] f = line.strip().split("\\s+");
            if (f.length < 4) {
                continue;
            }
            String status = f[2];
            for (int i = 0; i < f.length - 1; i++) {
                if (BAD_STATES.contains(f[i])) {
                    status = f[i];
                    break;
                }
            }
            services.put(f[0], ModuleResult.valuesInOrder("name", f[0], "state", f[3].equals("running") ? "running"
                    : "stopped", "status", status, "source", "systemd"));
        }
        List<String> unlisted = new ArrayList<>();
        Map<String, String> fileStatus = new LinkedHashMap<>();
        for (String line : parts.length > 1 ? parts[1].split("\n") : new String[0]) {
            if (!line.contains(".service")) {
                continue;
            }
            String[] f = line.strip().split("\\s+");
            if (f.length < 2) {
                warnings.add("malformed output of systemctl list-unit-files: " + line);
                continue;
            }
            fileStatus.put(f[0], f[1]);
            if (!services.containsKey(f[0])) {
                unlisted.add(f[0]);
            }
        }
        Map<String, String> active = new LinkedHashMap<>();
        if (!unlisted.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("systemctl", "show", "--property=Id,ActiveState"));
            argv.addAll(unlisted);
            String id = null;
            for (String line : host.run(Shell.command(argv)).stdout().split("\n")) {
                if (line.startsWith("Id=")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("ActiveState=") && id != null) {
                    active.put(id, line.substring("ActiveState=".length()).strip());
                }
            }
        }
        fileStatus.forEach((name, status) -> {
            if (services.get(name) instanceof Map<?, ?> known) {
                if (!BAD_STATES.contains(String.valueOf(known.get("status")))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) known;
                    m.put("status", status);
                }
            } else {
                services.put(name, ModuleResult.valuesInOrder("name", name, "state", active.getOrDefault(name,
                        "unknown"), "status", status, "source", "systemd"));
            }
        });
    }
}
