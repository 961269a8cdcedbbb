package dev.kvmforge.checks.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.VerificationRun;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.runner.connection.LocalConnection;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.host.KvmFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hypervisor checks on this machine, check by check against {@code virt-host-validate qemu} (libvirt-clients).
 * Where both look at the same thing they must agree; where they differ, the test proves ours right on this machine
 * and says why.
 */
class VirtHostValidateComparisonTest {

    /** One line of virt-host-validate: {@code QEMU: Checking for X : WARN (detail)}. */
    record Line(String what, String level, String detail) {
    }

    private static final Pattern LINE = Pattern.compile(
            "^\\s*QEMU: Checking (.+?)\\s*: (PASS|WARN|FAIL|NOTE)(?: \\((.*)\\))?\\s*$");

    static List<Line> theirs;
    static VerificationResult ours;

    @BeforeAll
    static void runBoth() throws Exception {
        assertTrue(onPath("virt-host-validate"), "virt-host-validate is not installed (Debian: libvirt-clients;"
                + " scripts/test installs it)");
        Process p = new ProcessBuilder("virt-host-validate", "qemu").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        theirs = new ArrayList<>();
        for (String l : out.split("\n")) {
            Matcher m = LINE.matcher(l);
            if (m.matches()) {
                theirs.add(new Line(m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3)));
            }
        }
        assertFalse(theirs.isEmpty(), "no result lines in:\n" + out);
        ours = VerificationRun.localhost().withChecks("HV-*").run();
        System.out.println("virt-host-validate qemu  vs  kvmforge HV-*");
        for (Line t : theirs) {
            String id = ourId(t.what());
            System.out.printf("  %-55s %-5s | %-17s %s%n", t.what(), t.level(), id,
                    id == null ? "" : ours(id).outcome());
        }
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Which of our checks looks at what a virt-host-validate line looks at. */
    static String ourId(String what) {
        if (what.equals("for hardware virtualization")) {
            return "HV-CPU-VIRT";
        }
        if (what.equals("if device /dev/kvm exists")) {
            return "HV-DEV-KVM";
        }
        if (what.equals("if device /dev/kvm is accessible")) {
            return "HV-DEV-KVM-ACCESS";
        }
        if (what.equals("if device /dev/vhost-net exists")) {
            return "HV-DEV-VHOST";
        }
        if (what.equals("if device /dev/net/tun exists")) {
            return "HV-DEV-TUN";
        }
        if (what.startsWith("for cgroup '")) {
            return "HV-CGROUPS";
        }
        if (what.equals("for device assignment IOMMU support") || what.equals("if IOMMU is enabled by kernel")) {
            return "HV-IOMMU";
        }
        if (what.equals("for secure guest support")) {
            return "HV-SECURE-GUEST";
        }
        return null;
    }

    static CheckResult ours(String id) {
        return ours.result("localhost", id).orElseThrow(() -> new AssertionError("kvmforge did not report " + id));
    }

    /** virt-host-validate's verdict for our check: the worst of its lines for it (several for cgroups). */
    static String theirLevel(String id) {
        List<String> levels = theirs.stream().filter(l -> id.equals(ourId(l.what()))).map(Line::level).toList();
        return levels.contains("FAIL") ? "FAIL" : levels.contains("WARN") ? "WARN" : levels.isEmpty() ? null : "PASS";
    }

    @Test
    void everyLineOfVirtHostValidateIsOneOfOurChecks() {
        for (Line l : theirs) {
            assertTrue(ourId(l.what()) != null, "no kvmforge check for virt-host-validate's '" + l.what() + "'");
        }
    }

    /** Same question, same answer: devices, cgroups, IOMMU. */
    @Test
    void whereTheyLookAtTheSameThingTheyAgree() {
        Map<String, String> compared = new LinkedHashMap<>();
        for (String id : List.of("HV-DEV-VHOST", "HV-DEV-TUN", "HV-CGROUPS", "HV-IOMMU")) {
            String level = theirLevel(id);
            if (level != null) {
                assertEquals(level, ours(id).outcome().name(), id + ": " + ours(id).message());
                compared.put(id, level);
            }
        }
        assertTrue(compared.keySet().containsAll(List.of("HV-DEV-TUN", "HV-CGROUPS")), compared.toString());
    }

    /**
     * virt-host-validate decides from the CPU flags in /proc/cpuinfo alone. Where they are hidden (this machine is a
     * guest whose hypervisor hides svm/vmx) it says FAIL and does not even look at /dev/kvm. Ours opens /dev/kvm and
     * creates a VM through the KVM API: when that works, KVM works, and PASS is right.
     */
    @Test
    void hardwareVirtualizationIsDecidedByKvmItselfNotByFlags() {
        KvmFacts facts = KvmFacts.gather(new Host("localhost", new LocalConnection()));
        CheckResult cpu = ours("HV-CPU-VIRT");
        if (facts.usable()) {
            assertEquals(Outcome.PASS, cpu.outcome(), cpu.message());
            assertEquals(Outcome.PASS, ours("HV-DEV-KVM").outcome());
            assertEquals(Outcome.PASS, ours("HV-DEV-KVM-ACCESS").outcome());
            if (!facts.cpuFlagShown()) {
                assertEquals("FAIL", theirLevel("HV-CPU-VIRT"), "virt-host-validate with hidden flags");
                assertTrue(cpu.message().contains("/proc/cpuinfo shows no vmx/svm"), cpu.message());
                assertTrue(cpu.message().contains("a VM was created through /dev/kvm"), cpu.message());
                assertEquals(null, theirLevel("HV-DEV-KVM"), "virt-host-validate skips /dev/kvm after its FAIL");
            } else {
                assertEquals("PASS", theirLevel("HV-CPU-VIRT"));
            }
        } else {
            // no usable KVM here: FAIL with the reason, as virt-host-validate says FAIL where the flags are missing
            System.out.println("VirtHostValidateComparisonTest: KVM is not usable here: " + facts.explain());
            assertEquals(Outcome.FAIL, cpu.outcome(), cpu.message());
            assertTrue(cpu.message().contains(facts.explain()), cpu.message());
            assertFalse(cpu.hint().isEmpty(), "a failing check says what to do");
            if (!facts.cpuFlagShown()) {
                assertEquals("FAIL", theirLevel("HV-CPU-VIRT"), "virt-host-validate without the flags");
            }
            if (!facts.devKvm()) {
                assertEquals(Outcome.FAIL, ours("HV-DEV-KVM").outcome());
                assertEquals(Outcome.SKIP, ours("HV-DEV-KVM-ACCESS").outcome());
            }
        }
    }

    /**
     * virt-host-validate says WARN "Unknown if this platform has Secure Guest support" on any CPU without the sev
     * flag that is not s390x. There is nothing unknown: without the flag, kvm_amd's sev and /dev/sev no secure guest
     * can run, so the check does not apply (SKIP, severity info) and ours says exactly what is missing.
     */
    @Test
    void secureGuestsAreNotApplicableRatherThanUnknown() throws IOException {
        CheckResult sg = ours("HV-SECURE-GUEST");
        boolean sevPossible = Files.exists(Path.of("/dev/sev")) || Files.exists(Path.of("/sys/module/kvm_amd"))
                || Files.readString(Path.of("/proc/cpuinfo")).matches("(?s).*\\bsev\\b.*");
        if (!sevPossible && !System.getProperty("os.arch").startsWith("s390")) {
            assertEquals(Outcome.SKIP, sg.outcome(), sg.message());
            assertTrue(sg.message().startsWith("not applicable: "), sg.message());
            String level = theirLevel("HV-SECURE-GUEST");
            if (level != null) {
                assertEquals("WARN", level);
            }
        } else {
            assertTrue(sg.outcome() == Outcome.PASS || sg.outcome() == Outcome.WARN, sg.toString());
        }
    }
}
