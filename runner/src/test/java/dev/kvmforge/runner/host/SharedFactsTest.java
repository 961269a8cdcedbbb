package dev.kvmforge.runner.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.LocalConnection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The facts the service and package modules share with the checks, read from this Debian machine and compared with
 * what its own tools say.
 */
class SharedFactsTest {

    private final Host host = new Host("local", new LocalConnection());

    private String sh(String line) {
        return host.check(line).strip();
    }

    @Test
    void thePackageDatabaseAnswersAsDpkgQueryDoes() {
        InstalledPackages db = host.fact(InstalledPackages.FACT);
        assertEquals("dpkg", db.manager());
        InstalledPackage dpkg = db.get("dpkg");
        assertTrue(dpkg.installed());
        assertEquals(sh("dpkg-query -W -f='${Version}' dpkg"), dpkg.version());
        assertEquals(Integer.parseInt(sh("dpkg-query -W -f='${Status}\\n' | grep -c '^install ok installed$'")),
                db.packages().values().stream().filter(e -> e.status().equals("install ok installed")).count());

        assertFalse(db.get("kvmforge-none").installed());
        assertEquals("", db.get("kvmforge-none").version());
        assertTrue(db.allInstalled(List.of("dpkg", "bash")));
        assertFalse(db.allInstalled(List.of("dpkg", "kvmforge-none")));
        assertTrue(db.noneInstalled(List.of("kvmforge-none")));
        assertFalse(db.noneInstalled(List.of("kvmforge-none", "bash")));
        assertFalse(db.noneInstalled(List.of("bash:amd64")), "a name with an architecture is apt's to judge");
    }

    @Test
    void aFactIsReadOnceUntilForgotten() {
        InstalledPackages first = host.fact(InstalledPackages.FACT);
        assertTrue(first == host.fact(InstalledPackages.FACT), "kept for the run");
        host.withBecome(null).fact(InstalledPackages.FACT);
        host.forget(InstalledPackages.FACT);
        assertFalse(first == host.fact(InstalledPackages.FACT), "read again after an operation changed it");
    }

    @Test
    void bootLinksAreTheLinksUnderEtc() {
        BootLinks links = host.fact(BootLinks.FACT);
        long systemdWants = Long.parseLong(sh("ls -d /etc/systemd/system/*.wants/* 2>/dev/null | wc -l"));
        assertEquals(systemdWants, links.links().stream().filter(l -> l.contains(".wants/")).count());
        String rcS = sh("ls /etc/rc2.d/ 2>/dev/null | grep '^S' | head -n 1 | sed 's/^S[0-9]*//'");
        if (!rcS.isEmpty()) {
            assertTrue(links.enabled(rcS + ".service"), rcS + " has an S link in /etc/rc2.d");
        }
        assertFalse(links.enabled("kvmforge-none.service"));
    }

    @Test
    void serviceToolsAreThoseOnThePath() {
        ServiceTools tools = host.fact(ServiceTools.FACT);
        for (String t : List.of("systemctl", "update-rc.d", "rc-service", "rc-update", "service")) {
            assertEquals(host.run("command -v " + t).ok(), tools.has(t), t);
        }
        assertEquals(host.run("[ -d /run/openrc ]").ok(), tools.openrcBooted());
    }
}
