package dev.kvmforge.checks.model;

import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.runner.error.KvmforgeException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One check: what it is ({@link CheckInfo}), the probes it reads, and its evaluation. Checks never run commands: the
 * engine runs the probes of all selected checks in one batch per host and each check evaluates the snapshot.
 *
 * <pre>{@code
 * Check tun = Check.define("HV-DEV-TUN", "/dev/net/tun exists")
 *         .group(CheckGroup.HYPERVISOR).severity(Severity.HIGH)
 *         .rationale("libvirt connects guest NICs to bridges through tap devices")
 *         .hint("modprobe tun").reference("https://libvirt.org/formatnetwork.html")
 *         .reads(Probes.DEVICES)
 *         .evaluates(host -> ...);
 * }</pre>
 *
 * @param info       the check's description
 * @param probes     what it reads, in no particular order
 * @param evaluation how it decides
 */
public record Check(CheckInfo info, List<Probe<?>> probes, Evaluation evaluation) {

    public Check {
        Objects.requireNonNull(info, "info");
        probes = List.copyOf(probes);
        Objects.requireNonNull(evaluation, "evaluation");
    }

    public String id() {
        return info.id();
    }

    /**
     * Evaluates the check on a snapshot. An exception from the evaluation becomes an {@link Outcome#ERROR} verdict
     * (with the exception's own hint when it is a {@link KvmforgeException}); a FAIL or WARN verdict without a hint
     * gets the check's hint, which is about fixing the host, not about why the check could not decide.
     */
    public Verdict evaluate(HostSnapshot host) {
        Verdict v;
        try {
            v = Objects.requireNonNull(evaluation.evaluate(host), "the evaluation returned no verdict");
        } catch (KvmforgeException e) {
            v = new Verdict(Outcome.ERROR, info.id() + " could not be evaluated: "
                    + e.where().map(w -> w + ": ").orElse("") + e.what(), e.hint().orElse(""), e);
        } catch (RuntimeException e) {
            String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            v = Verdict.error(info.id() + " could not be evaluated: " + what, e);
        }
        return switch (v.outcome()) {
            case FAIL, WARN -> v.orHint(info.hint());
            case PASS, SKIP, ERROR -> v;
        };
    }

    /** Starts a check definition. */
    public static Builder define(String id, String title) {
        return new Builder(id, title);
    }

    /** A fluent definition, Testcontainers style; {@link #evaluates} ends it. */
    public static final class Builder {
        private final String id;
        private final String title;
        private CheckGroup group;
        private Severity severity = Severity.MEDIUM;
        private String rationale = "";
        private String hint = "";
        private final List<URI> references = new ArrayList<>();
        private final Set<String> tags = new LinkedHashSet<>();
        private final List<Probe<?>> probes = new ArrayList<>();

        private Builder(String id, String title) {
            this.id = id;
            this.title = title;
        }

        public Builder group(CheckGroup g) {
            this.group = g;
            return this;
        }

        public Builder severity(Severity s) {
            this.severity = s;
            return this;
        }

        public Builder rationale(String text) {
            this.rationale = text;
            return this;
        }

        public Builder hint(String text) {
            this.hint = text;
            return this;
        }

        public Builder reference(String uri) {
            this.references.add(URI.create(uri));
            return this;
        }

        public Builder tags(String... words) {
            this.tags.addAll(List.of(words));
            return this;
        }

        public Builder reads(Probe<?>... used) {
            this.probes.addAll(List.of(used));
            return this;
        }

        public Check evaluates(Evaluation evaluation) {
            return new Check(new CheckInfo(id, title, group, severity, rationale, hint, references, tags), probes,
                    evaluation);
        }
    }
}
