package dev.kvmforge.checks.engine;

/**
 * The configuration parameters the engine reads (from {@code -D} system properties, {@code junit-platform.properties},
 * {@code @ConfigurationParameter} on a suite, or the launcher request). Lists are comma-separated.
 */
public final class CheckParameters {

    private CheckParameters() {
    }

    /** Inventory files or directories (INI or YAML, Ansible's format); none: the local host only. */
    public static final String INVENTORY = "kvmforge.inventory";
    /** A host pattern limiting the inventory's hosts ({@code kvm*}, {@code hypervisors:!kvm3}). */
    public static final String LIMIT = "kvmforge.limit";
    /**
     * {@code I/N} when the run checks one slice of the hosts ({@code --slice}); the hosts are chosen by the caller, this
     * only tells the reports.
     */
    public static final String SLICE = "kvmforge.slice";
    /** With {@link #SLICE}: every host within the limit, in inventory order, separated by commas. */
    public static final String SLICE_OF = "kvmforge.sliceOf";
    /** Check ids to run, with {@code *} and {@code ?} wildcards ({@code HV-*,LV-DAEMONS}); none: all. */
    public static final String CHECKS = "kvmforge.checks";
    /** Run only checks carrying one of these tags ({@code security}). */
    public static final String TAGS = "kvmforge.tags";
    /**
     * A directory on each host that stands in for {@code /} for the checks reading configuration, images and the
     * process table (a mounted image, a prepared test tree); the host variable {@code kvmforge_root} wins over it.
     */
    public static final String ROOT = "kvmforge.root";
    /** Hosts checked at once (default 10). */
    public static final String FORKS = "kvmforge.forks";
    /** Seconds the probes may take on a host before they are killed and the checks left report ERROR (default 120). */
    public static final String TIMEOUT = "kvmforge.timeout";
    /** Login user for SSH hosts, over {@code ansible_user}. */
    public static final String USER = "kvmforge.user";
    /** Private key file for SSH hosts, over {@code ansible_ssh_private_key_file}. */
    public static final String PRIVATE_KEY = "kvmforge.privateKey";
    /** Where relative key files of the inventory start (default: this process's working directory). */
    public static final String WORKING_DIRECTORY = "kvmforge.workingDirectory";
    /** The known_hosts file (default ~/.ssh/known_hosts). */
    public static final String KNOWN_HOSTS = "kvmforge.knownHosts";
    /** {@code strict} (default), {@code accept-new} or {@code off}. */
    public static final String HOST_KEY_POLICY = "kvmforge.hostKeyPolicy";
    /** YAML check spec files ({@link dev.kvmforge.checks.spec.SpecFile}); their checks join the built-in ones. */
    public static final String SPECS = "kvmforge.specs";
    /**
     * Fully qualified names of classes with {@link dev.kvmforge.checks.annotated.HostCheck} methods, loaded from the
     * thread's context class loader; their checks join the built-in ones. (A class selector for such a class selects
     * its checks too.)
     */
    public static final String CHECK_CLASSES = "kvmforge.checkClasses";
    /** A waivers file ({@link dev.kvmforge.checks.waiver.Waivers}): accepted failures, until their last day. */
    public static final String WAIVERS = "kvmforge.waivers";
    /**
     * The lowest severity at which a FAIL or ERROR fails the run: {@code info} (default: every one does), {@code low},
     * {@code medium}, {@code high} or {@code critical}. Below it the platform sees the check as successful (so
     * Surefire does not fail the build); its report entry still says FAIL or ERROR.
     */
    public static final String FAIL_ON = "kvmforge.failOn";

    /** The host variable naming a host's root directory (see {@link #ROOT}). */
    public static final String ROOT_VARIABLE = "kvmforge_root";
}
