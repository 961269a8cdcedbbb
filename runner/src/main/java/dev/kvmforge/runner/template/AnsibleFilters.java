package dev.kvmforge.runner.template;

import com.hubspot.jinjava.interpret.Context;

/** Ansible's filters that Jinjava lacks or means differently. */
final class AnsibleFilters {

    private AnsibleFilters() {
    }

    static void registerAll(Context context) {
        // filled in by the templating work: bool, quote, to_json, to_yaml, mandatory, ternary, combine...
    }
}
