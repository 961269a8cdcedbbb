package dev.kvmforge.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies the hosts of an inventory with kvmforge's checks (built-in, YAML specs, waivers) and fails the build on
 * failed checks of at least {@code failOn} severity; reports go to {@code reportsDirectory}.
 *
 * <p>The checks engine is not in this build yet: after checking its parameters the goal stops with a message
 * saying so.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true, requiresProject = false)
public class VerifyMojo extends AbstractMojo {

    private static final String GOAL = "kvm:verify";

    /** The message the goal stops with until the checks engine is wired in. */
    static final String NOT_BUILT = GOAL + " needs the checks engine (not in this build yet)";

    /** The inventory file (INI or YAML). Default: the local host only. */
    @Parameter(property = "kvm.inventory")
    File inventory;

    /** Run only these checks (ids such as HV-DEV-KVM, or groups); on the command line comma-separated. Default: all. */
    @Parameter(property = "kvm.checks")
    List<String> checks;

    /** YAML check spec files, or folders of them, to run besides the built-in checks. */
    @Parameter(property = "kvm.specs")
    List<File> specs;

    /** A waivers file: check ids with a justification and an expiry date. */
    @Parameter(property = "kvm.waivers")
    File waivers;

    /** Fail the build on failed checks of this severity or above: info, low, medium, high or critical. */
    @Parameter(property = "kvm.failOn", defaultValue = "low")
    String failOn = "low";

    /** Where the JUnit XML and JSON reports go. */
    @Parameter(property = "kvm.reportsDirectory", defaultValue = "${project.build.directory}/kvm-reports")
    File reportsDirectory;

    /** Skip kvm:verify (and, through the property, kvm:provision). */
    @Parameter(property = "kvm.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("Skipping " + GOAL + ": skip is true");
            return;
        }
        try {
            failOnSeverity();
            requireFile("inventory", inventory);
            requireFile("waivers", waivers);
            if (specs != null) {
                for (File spec : specs) {
                    requireExists("specs", spec);
                }
            }
        } catch (IllegalArgumentException e) {
            throw UserErrors.parameter(GOAL, e);
        }
        throw new MojoExecutionException(NOT_BUILT);
    }

    /** The severity named by {@code failOn}; throws, naming the parameter and the valid words, when it is none. */
    Severity failOnSeverity() {
        return Severity.parse("failOn", failOn);
    }

    private static void requireFile(String parameter, File file) {
        if (file != null && !file.isFile()) {
            throw new IllegalArgumentException(parameter + ": " + file + (file.isDirectory() ? " is a folder, not a file"
                    : " does not exist"));
        }
    }

    private static void requireExists(String parameter, File file) {
        if (file != null && !file.exists()) {
            throw new IllegalArgumentException(parameter + ": " + file + " does not exist");
        }
    }
}
