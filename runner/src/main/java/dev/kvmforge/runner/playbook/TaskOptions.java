package dev.kvmforge.runner.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keywords a block passes down to its tasks: conditions (all must hold), tags (added up), become, environment,
 * vars, check mode, ignore_errors, no_log, diff, run_once, delegate_to, delegate_facts and throttle (the innermost
 * wins), and
 * module_defaults (merged, the innermost's arguments winning).
 *
 * @param when         conditions, outermost first; all must be true
 * @param tags         tags of the task and its enclosing blocks and play
 * @param become       become, or null to inherit
 * @param becomeUser   user to become, or null to inherit
 * @param environment  environment variables (inner override outer)
 * @param vars         variables (inner override outer)
 * @param checkMode    forced check mode (true/false), or null to follow the run
 * @param ignoreErrors go on after a failure, or null to inherit
 * @param noLog        hide the task's values and messages from output and reports, or null to inherit
 * @param diff         show text changes as unified diffs (true/false) whatever {@code --diff} says, or null to follow
 *                     the run
 * @param runOnce      run on the first host of the batch only and give its result to all, or null to inherit
 * @param delegateTo   the host the task runs on instead, with the task's host's variables (a template), or null
 * @param delegateFacts whether facts a delegated task returns go to the delegate host (true) or the task's host
 * @param moduleDefaults arguments by module name ({@code module_defaults}), which a task's own arguments override
 * @param throttle     how many hosts run the task at once at most ({@code throttle}), or null for no limit
 * @param includeParams the {@code vars} of the imports and includes that brought the task in, and an include's loop
 *                      variables: above set_fact and registered results (Ansible's "include params")
 */
public record TaskOptions(List<Object> when, Set<String> tags, Boolean become, String becomeUser,
                          Map<String, Object> environment, Map<String, Object> vars, Boolean checkMode,
                          Boolean ignoreErrors, Boolean noLog, Boolean diff, Boolean runOnce, String delegateTo,
                          Boolean delegateFacts, Map<String, Map<String, Object>> moduleDefaults, Integer throttle,
                          Map<String, Object> includeParams) {

    public static final TaskOptions NONE = new TaskOptions(List.of(), Set.of(), null, null, Map.of(), Map.of(), null,
            null, null, null, null, null, null, Map.of(), null, Map.of());

    public TaskOptions {
        when = java.util.Collections.unmodifiableList(new ArrayList<>(when));
        tags = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(tags));
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        vars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        includeParams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(includeParams));
        moduleDefaults = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(moduleDefaults));
    }

    /** No keyword but these include parameters (an include's {@code vars}, its loop's variables). */
    public static TaskOptions includeParams(Map<String, Object> params) {
        return new TaskOptions(List.of(), Set.of(), null, null, Map.of(), Map.of(), null, null, null, null, null,
                null, null, Map.of(), null, params);
    }

    /** The same keywords with other variables. */
    public TaskOptions withVars(Map<String, Object> other) {
        return new TaskOptions(when, tags, become, becomeUser, environment, other, checkMode, ignoreErrors, noLog, diff,
                runOnce, delegateTo, delegateFacts, moduleDefaults, throttle, includeParams);
    }

    /** An import's keywords: its {@code vars} become include parameters of the tasks it brings in. */
    public TaskOptions varsAsIncludeParams() {
        Map<String, Object> p = new LinkedHashMap<>(includeParams);
        p.putAll(vars);
        return new TaskOptions(when, tags, become, becomeUser, environment, Map.of(), checkMode, ignoreErrors, noLog,
                diff, runOnce, delegateTo, delegateFacts, moduleDefaults, throttle, p);
    }

    /** These options inside {@code outer}: conditions and tags added, the rest overriding. */
    public TaskOptions inside(TaskOptions outer) {
        List<Object> w = new ArrayList<>(outer.when);
        w.addAll(when);
        Set<String> t = new LinkedHashSet<>(outer.tags);
        t.addAll(tags);
        Map<String, Object> env = new LinkedHashMap<>(outer.environment);
        env.putAll(environment);
        Map<String, Object> v = new LinkedHashMap<>(outer.vars);
        v.putAll(vars);
        Map<String, Object> p = new LinkedHashMap<>(outer.includeParams);
        p.putAll(includeParams);
        return new TaskOptions(w, t, become != null ? become : outer.become,
                becomeUser != null ? becomeUser : outer.becomeUser, env, v,
                checkMode != null ? checkMode : outer.checkMode,
                ignoreErrors != null ? ignoreErrors : outer.ignoreErrors,
                noLog != null ? noLog : outer.noLog,
                diff != null ? diff : outer.diff,
                runOnce != null ? runOnce : outer.runOnce,
                delegateTo != null ? delegateTo : outer.delegateTo,
                delegateFacts != null ? delegateFacts : outer.delegateFacts, mergedDefaults(outer.moduleDefaults,
                moduleDefaults), throttle != null ? throttle : outer.throttle, p);
    }

    /** {@code module_defaults} of an outer and an inner level: per module, the inner level's arguments win. */
    private static Map<String, Map<String, Object>> mergedDefaults(Map<String, Map<String, Object>> outer,
                                                               Map<String, Map<String, Object>> inner) {
        if (inner.isEmpty()) {
            return outer;
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>(outer);
        inner.forEach((module, args) -> {
            Map<String, Object> merged = new LinkedHashMap<>(out.getOrDefault(module, Map.of()));
            merged.putAll(args);
            out.put(module, merged);
        });
        return out;
    }
}
