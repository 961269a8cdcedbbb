package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code getent}, {@code service_facts} and {@code package_facts} on the local host, each answer compared with what
 * the host's own tools say.
 */
class FactModulesTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> facts(TaskRun r, String fact) {
        return (Map<String, Object>) ((Map<String, Object>) r.result().values().get("ansible_facts")).get(fact);
    }

    @Test
    void getentListsEntriesSplitAsTheDatabaseIsAndAMissingKeyFailsUnlessAsked() {
        TaskRun root = TaskRun.run(new GetentModule(), Map.of("database", "passwd", "key", "root"));
        assertFalse(root.changed());
        List<?> fields = (List<?>) facts(root, "getent_passwd").get("root");
        assertEquals(List.of("x", "0", "0"), fields.subList(0, 3));
        assertEquals(TaskRun.LOCAL.check("getent passwd root | cut -d: -f6").strip(), fields.get(4));

        TaskRun all = TaskRun.run(new GetentModule(), Map.of("database", "group"));
        assertTrue(facts(all, "getent_group").containsKey("root"));
        assertEquals(Integer.parseInt(TaskRun.LOCAL.check("getent group | wc -l").strip()),
                facts(all, "getent_group").size());

        TaskRun hosts = TaskRun.run(new GetentModule(), Map.of("database", "hosts", "key", "localhost"));
        Map<String, Object> byAddress = facts(hosts, "getent_hosts");
        assertTrue(byAddress.values().stream().anyMatch(names -> ((List<?>) names).contains("localhost")),
                "split at blanks: the address, then its names: " + byAddress);

        TaskRun missing = TaskRun.run(new GetentModule(), Map.of("database", "passwd", "key", "kvmf-nobody-here"));
        assertTrue(missing.result().failed());
        assertEquals("One or more supplied key could not be found in the database.", missing.result().msg());
        TaskRun tolerated = TaskRun.run(new GetentModule(), Map.of("database", "passwd", "key", "kvmf-nobody-here",
                "fail_key", false));
        assertFalse(tolerated.result().failed());
        assertTrue(facts(tolerated, "getent_passwd").containsKey("kvmf-nobody-here"));
        assertNull(facts(tolerated, "getent_passwd").get("kvmf-nobody-here"));
    }

    @Test
    void serviceFactsListTheServicesTheHostsInitKnows() {
        TaskRun r = TaskRun.run(new ServiceFactsModule(), Map.of());
        assertFalse(r.changed());
        Map<String, Object> services = facts(r, "services");
        boolean systemd = TaskRun.LOCAL.facts().systemdRunning();
        String procps = systemd ? "procps.service" : "procps";
        assertTrue(services.containsKey(procps), services.keySet().toString());
        Map<?, ?> s = (Map<?, ?>) services.get(procps);
        assertEquals(systemd ? "systemd" : "sysv", s.get("source"));
        assertTrue(List.of("running", "stopped", "inactive", "unknown").contains(s.get("state")), s.toString());
        long listed = Long.parseLong(TaskRun.LOCAL.check(systemd ? "ls /lib/systemd/system/*.service | wc -l"
                : "service --status-all 2>/dev/null | grep -c '\\[ [+-] \\]'").strip());
        assertTrue(services.size() >= listed, services.size() + " services, the host lists " + listed);
    }

    @Test
    void packageFactsListInstalledPackagesWithTheirVersions() {
        TaskRun r = TaskRun.run(new PackageFactsModule(), Map.of());
        Map<String, Object> packages = facts(r, "packages");
        Map<?, ?> dpkg = (Map<?, ?>) ((List<?>) packages.get("dpkg")).get(0);
        assertEquals(TaskRun.LOCAL.check("dpkg-query -W -f '${Version}' dpkg").strip(), dpkg.get("version"));
        assertEquals("apt", dpkg.get("source"));
        assertEquals(Integer.parseInt(TaskRun.LOCAL.check("dpkg-query -W -f '${db:Status-Abbrev}\\n' | grep -c '^ii'")
                .strip()), packages.values().stream().mapToInt(v -> ((List<?>) v).size()).sum());
        TaskRun none = TaskRun.run(new PackageFactsModule(), Map.of("manager", "rpm"));
        assertTrue(none.result().failed(), "this host has no rpm");
    }
}
