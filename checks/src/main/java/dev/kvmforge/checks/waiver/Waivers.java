package dev.kvmforge.checks.waiver;

import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.checks.spec.MappingReader;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.inventory.HostPattern;
import dev.kvmforge.runner.inventory.InventoryHost;
import dev.kvmforge.runner.yaml.Yaml;
import dev.kvmforge.runner.yaml.YamlNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The waivers of a run, read from a YAML file: a list of accepted failures.
 *
 * <pre>
 * - id: LV-TCP-NOAUTH
 *   hosts: lab*                 # optional: an inventory host pattern; default every host
 *   justification: lab hosts sit on an isolated management VLAN (CHG-1234)
 *   expires: 2027-03-31         # the last day it applies
 * </pre>
 *
 * <p>A waived FAIL becomes a PASS saying {@code waived until DATE: justification}; after its last day a waiver no
 * longer applies and the FAIL says it expired. Only FAILs are waived: an ERROR (the check could not decide) is not.
 */
public final class Waivers {

    private static final List<String> KEYS = List.of("id", "hosts", "justification", "expires");

    private final List<Waiver> waivers;

    private Waivers(List<Waiver> waivers) {
        this.waivers = List.copyOf(waivers);
    }

    /** No waivers. */
    public static Waivers none() {
        return new Waivers(List.of());
    }

    /**
     * Reads a waivers file.
     *
     * @param knownIds every check id of the run (not only those selected), so that a misspelt id is an error
     * @throws KvmforgeException a {@code PARSE} error at the file:line:column of the first mistake
     */
    public static Waivers read(Path file, Collection<String> knownIds) {
        return read(Yaml.read(file), knownIds);
    }

    /** Reads waivers from text, naming it {@code source} in locations. */
    public static Waivers read(String text, String source, Collection<String> knownIds) {
        return read(Yaml.read(text, source), knownIds);
    }

    private static Waivers read(YamlNode root, Collection<String> knownIds) {
        if (root instanceof dev.kvmforge.runner.yaml.YamlMap m && m.keys().isEmpty()) {
            return none();
        }
        List<Waiver> list = new ArrayList<>();
        for (MappingReader w : MappingReader.list(root, "a waivers file", "waiver")) {
            w.onlyKeys(KEYS, "keys of a waiver");
            String id = w.text("id");
            if (!knownIds.contains(id)) {
                throw w.error("id", "no check has the id '" + id + "'", Suggestions.hint(id, knownIds, "check ids"));
            }
            String hosts = w.optionalText("hosts").orElse(null);
            if (hosts != null) {
                try {
                    HostPattern.parse(hosts);
                } catch (KvmforgeException e) {
                    throw w.error("hosts", "not a host pattern: " + e.what(), e.hint().orElse(null));
                }
            }
            String justification = w.text("justification").strip();
            if (justification.isEmpty()) {
                throw w.error("justification", "a waiver needs a justification", "say why the failure is accepted");
            }
            list.add(new Waiver(id, hosts, justification, date(w), w.at("id")));
        }
        return new Waivers(list);
    }

    private static LocalDate date(MappingReader w) {
        String text = w.text("expires");
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw w.error("expires", "expires must be a date written YYYY-MM-DD, not '" + text + "'",
                    "for example expires: " + LocalDate.now().plusMonths(3));
        }
    }

    /** Every waiver, in file order. */
    public List<Waiver> all() {
        return waivers;
    }

    public boolean isEmpty() {
        return waivers.isEmpty();
    }

    /**
     * {@code result} with the waivers applied on {@code today}: a FAIL covered by a waiver still in force becomes a
     * waived PASS; a FAIL covered only by expired ones stays a FAIL that says so; anything else is returned as it is.
     */
    public CheckResult apply(InventoryHost host, CheckResult result, LocalDate today) {
        if (result.outcome() != Outcome.FAIL) {
            return result;
        }
        List<Waiver> covering = waivers.stream().filter(w -> w.covers(host, result.checkId())).toList();
        Optional<Waiver> inForce = covering.stream().filter(w -> !w.expired(today)).findFirst();
        if (inForce.isPresent()) {
            Waiver w = inForce.get();
            return result.with(Outcome.PASS, "waived until " + w.expires() + ": " + w.justification()
                    + "; it failed: " + result.message(), true);
        }
        if (!covering.isEmpty()) {
            Waiver w = covering.get(covering.size() - 1);
            return result.with(Outcome.FAIL, result.message() + " (the waiver at " + w.location() + " expired on "
                    + w.expires() + ": " + w.justification() + ")", false);
        }
        return result;
    }
}
