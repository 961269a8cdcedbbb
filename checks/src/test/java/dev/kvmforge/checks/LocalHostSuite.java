package dev.kvmforge.checks;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * How a project runs the checks from Surefire: a suite selecting the marker class. Not named *Test so that this
 * module's own Surefire run does not pick it up; {@link SuiteDoorTest} runs it.
 */
@Suite
@IncludeEngines("kvmforge-checks")
@SelectClasses(HostChecks.class)
@ConfigurationParameter(key = "kvmforge.checks", value = "HV-DEV-TUN,HV-DEV-KVM")
class LocalHostSuite {
}
