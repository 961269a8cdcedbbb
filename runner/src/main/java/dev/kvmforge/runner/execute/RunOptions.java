package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.connection.Controller;
import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.connection.Secret;
import dev.kvmforge.runner.inventory.HostSlice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of a run, as {@code kvmforge run} and {@code mvn kvm:provision} take them. Build with
 * {@link #defaults()} and the {@code withX} methods.
 *
 * @param check          dry run: plan only, change nothing
 * @param diff           show text changes as unified diffs
 * @param forks          hosts worked on at once (default 10)
 * @param limit          a host pattern that further limits every play's hosts, or null
 * @param tags           run only tasks with one of these tags (empty: all)
 * @param skipTags       skip tasks with one of these tags
 * @param extraVars      variables that override all others ({@code -e})
 * @param become         become for every play ({@code -b})
 * @param becomeUser     user to become (default root)
 * @param becomePassword sudo password ({@code -K}), or null
 * @param remoteUser     login user ({@code -u}), or null
 * @param privateKey     private key file ({@code --private-key}), or null
 * @param knownHosts     known_hosts file, or null for ~/.ssh/known_hosts
 * @param hostKeyPolicy  strict, accept-new or off
 * @param startAtTask    name of the task to start at, or null
 * @param verbosity      0 to 4 ({@code -v} to {@code -vvvv})
 * @param timeout        connection timeout ({@code -T/--timeout}) for hosts without {@code ansible_ssh_timeout} or
 *                       {@code ansible_timeout}, or null for the default (10 s)
 * @param controller     the working directory and environment the run is driven from (default: this process's)
 * @param slice          only the hosts of this slice ({@code --slice I/N}), or null for all
 */
public record RunOptions(boolean check, boolean diff, int forks, String limit, Set<String> tags, Set<String> skipTags,
                         Map<String, Object> extraVars, boolean become, String becomeUser, Secret becomePassword,
                         String remoteUser, Path privateKey, Path knownHosts, HostKeyPolicy hostKeyPolicy,
                         String startAtTask, int verbosity, Duration timeout, Controller controller,
                         HostSlice slice) {

    public static final int DEFAULT_FORKS = 10;

    public RunOptions {
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be at least 1, not " + forks);
        }
        tags = Set.copyOf(tags == null ? Set.of() : tags);
        skipTags = Set.copyOf(skipTags == null ? Set.of() : skipTags);
        extraVars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
                extraVars == null ? Map.of() : extraVars));
        hostKeyPolicy = hostKeyPolicy == null ? HostKeyPolicy.STRICT : hostKeyPolicy;
        if (timeout != null && (timeout.isNegative() || timeout.toSeconds() < 1)) {
            throw new IllegalArgumentException("timeout must be at least 1 second, not " + timeout.toSeconds());
        }
        controller = controller == null ? Controller.thisProcess() : controller;
    }

    public static RunOptions defaults() {
        return new RunOptions(false, false, DEFAULT_FORKS, null, Set.of(), Set.of(), Map.of(), false, null, null, null,
                null, null, HostKeyPolicy.STRICT, null, 0, null, null, null);
    }

    public RunOptions withCheck(boolean v) {
        return with(o -> o.check = v);
    }

    public RunOptions withDiff(boolean v) {
        return with(o -> o.diff = v);
    }

    public RunOptions withForks(int v) {
        return with(o -> o.forks = v);
    }

    public RunOptions withLimit(String v) {
        return with(o -> o.limit = v);
    }

    public RunOptions withTags(Set<String> v) {
        return with(o -> o.tags = v);
    }

    public RunOptions withSkipTags(Set<String> v) {
        return with(o -> o.skipTags = v);
    }

    public RunOptions withExtraVars(Map<String, Object> v) {
        return with(o -> o.extraVars = v);
    }

    public RunOptions withBecome(boolean v, String user, Secret password) {
        return with(o -> {
            o.become = v;
            o.becomeUser = user;
            o.becomePassword = password;
        });
    }

    public RunOptions withRemoteUser(String v) {
        return with(o -> o.remoteUser = v);
    }

    public RunOptions withPrivateKey(Path v) {
        return with(o -> o.privateKey = v);
    }

    public RunOptions withKnownHosts(Path v, HostKeyPolicy policy) {
        return with(o -> {
            o.knownHosts = v;
            o.hostKeyPolicy = policy;
        });
    }

    public RunOptions withStartAtTask(String v) {
        return with(o -> o.startAtTask = v);
    }

    public RunOptions withVerbosity(int v) {
        return with(o -> o.verbosity = v);
    }

    /** The connection timeout for hosts without a timeout variable; null: the default (10 s). */
    public RunOptions withTimeout(Duration v) {
        return with(o -> o.timeout = v);
    }

    /** Works on the hosts of slice {@code v} only (null: all). */
    public RunOptions withSlice(HostSlice v) {
        return with(o -> o.slice = v);
    }

    /** Runs as driven from {@code v}'s working directory and environment. */
    public RunOptions withController(Controller v) {
        return with(o -> o.controller = v);
    }

    /** A copy with {@code change} applied to its fields. */
    private RunOptions with(java.util.function.Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.toOptions();
    }

    /** The fields of a RunOptions, to change some and make a new one. */
    private static final class Fields {
        boolean check;
        boolean diff;
        int forks;
        String limit;
        Set<String> tags;
        Set<String> skipTags;
        Map<String, Object> extraVars;
        boolean become;
        String becomeUser;
        Secret becomePassword;
        String remoteUser;
        Path privateKey;
        Path knownHosts;
        HostKeyPolicy hostKeyPolicy;
        String startAtTask;
        int verbosity;
        Duration timeout;
        Controller controller;
        HostSlice slice;

        Fields(RunOptions o) {
            check = o.check;
            diff = o.diff;
            forks = o.forks;
            limit = o.limit;
            tags = o.tags;
            skipTags = o.skipTags;
            extraVars = o.extraVars;
            become = o.become;
            becomeUser = o.becomeUser;
            becomePassword = o.becomePassword;
            remoteUser = o.remoteUser;
            privateKey = o.privateKey;
            knownHosts = o.knownHosts;
            hostKeyPolicy = o.hostKeyPolicy;
            startAtTask = o.startAtTask;
            verbosity = o.verbosity;
            timeout = o.timeout;
            controller = o.controller;
            slice = o.slice;
        }

        RunOptions toOptions() {
            return new RunOptions(check, diff, forks, limit, tags, skipTags, extraVars, become, becomeUser,
                    becomePassword, remoteUser, privateKey, knownHosts, hostKeyPolicy, startAtTask, verbosity, timeout,
                    controller, slice);
        }
    }

    /** Whether a task with {@code taskTags} runs under {@code --tags}/{@code --skip-tags} (Ansible's always/never). */
    public boolean selects(Set<String> taskTags) {
        if (taskTags.stream().anyMatch(skipTags::contains) || skipTags.contains("all") && !taskTags.contains("always")) {
            return false;
        }
        if (taskTags.contains("never") && taskTags.stream().noneMatch(tags::contains)) {
            return false;
        }
        if (tags.isEmpty() || tags.contains("all") || taskTags.contains("always")) {
            return true;
        }
        if (tags.contains("tagged") && !taskTags.isEmpty() || tags.contains("untagged") && taskTags.isEmpty()) {
            return true;
        }
        return taskTags.stream().anyMatch(tags::contains);
    }

    /** The list form of a comma-separated tag option. */
    public static Set<String> tagSet(List<String> values) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String v : values) {
            for (String t : v.split(",")) {
                if (!t.isBlank()) {
                    out.add(t.strip());
                }
            }
        }
        return out;
    }
}
