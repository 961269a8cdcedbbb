package dev.kvmforge.runner.template;

import com.hubspot.jinjava.interpret.Context;

/** Ansible's tests ({@code is changed}, {@code is succeeded}...) that Jinjava lacks. */
final class AnsibleTests {

    private AnsibleTests() {
    }

    static void registerAll(Context context) {
        // filled in by the templating work: succeeded, failed, changed, skipped, match, search...
    }
}
