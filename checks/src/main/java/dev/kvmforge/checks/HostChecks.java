package dev.kvmforge.checks;

/**
 * The marker class that runs the host checks: a class selector for it is how Surefire, Gradle and IDEs (which send
 * class selectors) reach the {@code kvmforge-checks} engine. In a project's tests:
 *
 * <pre>{@code
 * @Suite
 * @IncludeEngines("kvmforge-checks")
 * @SelectClasses(HostChecks.class)
 * @ConfigurationParameter(key = "kvmforge.inventory", value = "inventory/hosts.ini")
 * @ConfigurationParameter(key = "kvmforge.checks", value = "HV-*,LV-*,SITE-*")
 * @ConfigurationParameter(key = "kvmforge.specs", value = "src/test/resources/site.yml")
 * @ConfigurationParameter(key = "kvmforge.waivers", value = "src/test/resources/waivers.yml")
 * @ConfigurationParameter(key = "kvmforge.failOn", value = "high")
 * class KvmHostsVerificationTest {
 * }
 * }</pre>
 *
 * <p>or from the console launcher: {@code --select-class dev.kvmforge.checks.HostChecks --include-engine
 * kvmforge-checks --config kvmforge.limit=kvm*}. The parameters are listed in
 * {@link dev.kvmforge.checks.engine.CheckParameters}.
 */
public final class HostChecks {

    private HostChecks() {
    }
}
