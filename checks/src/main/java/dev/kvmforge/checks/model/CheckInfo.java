package dev.kvmforge.checks.model;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a check is, for people and reports: everything but how it is evaluated.
 *
 * @param id         stable id, upper case words joined by {@code -}: {@code HV-DEV-KVM}
 * @param title      one line saying what should be true: {@code /dev/kvm exists}
 * @param group      the group it is reported under
 * @param severity   how much a failure matters
 * @param rationale  why it matters
 * @param hint       what to do when it fails (a verdict may give a more specific one)
 * @param references documentation, in order of use
 * @param tags       words to select checks by ({@code security}, {@code performance}...)
 */
public record CheckInfo(String id, String title, CheckGroup group, Severity severity, String rationale, String hint,
                        List<URI> references, Set<String> tags) {

    public CheckInfo {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Z0-9]+(-[A-Z0-9]+)*")) {
            throw new IllegalArgumentException("a check id is upper-case words joined by '-' (HV-DEV-KVM): '" + id + "'");
        }
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(severity, "severity");
        rationale = rationale == null ? "" : rationale;
        hint = hint == null ? "" : hint;
        references = List.copyOf(references == null ? List.of() : references);
        tags = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(tags == null ? Set.of() : tags));
        for (String t : tags) {
            if (!t.matches("[a-z0-9][a-z0-9._-]*")) {
                throw new IllegalArgumentException("a tag is lower-case letters, digits, '.', '-' and '_': '" + t + "'");
            }
        }
    }

    /** {@code HV-DEV-KVM: /dev/kvm exists}, as reports name the check. */
    public String displayName() {
        return id + ": " + title;
    }
}
