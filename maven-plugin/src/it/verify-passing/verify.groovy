// Both builds passed; the console had the CLI's shape; the reports hold every check that ran.
import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper

def log = new File(basedir, 'build.log').text
assert log.count('BUILD SUCCESS') == 2
assert !log.contains('[ERROR]')

// 1: built-in catalogue and spec, failOn=critical
assert log =~ /\[INFO\] kvm:verify: \d+ checks on the local host, failing the build at severity critical or above/
// HV-DEV-KVM answers the machine's truth: PASS where /dev/kvm exists; where it does not, FAIL with its reason,
// waived by the pom's machine-without-kvm profile (so that only the waived failure is accepted)
def kvm = new File('/dev/kvm').exists()
println "verify-passing: this machine ${kvm ? 'has' : 'has no'} /dev/kvm"
if (kvm) {
    assert log =~ /\[INFO\]   PASS   HV-DEV-KVM\s+\/dev\/kvm exists/
} else {
    assert log =~ /HV-DEV-KVM\s+\/dev\/kvm exists/
    assert log.contains('no /dev/kvm')
}
assert log =~ /\[INFO\]   PASS   SITE-OS-RELEASE\s+the host says it is Debian/
assert log =~ /\[INFO\]   PASS   SITE-SHELL\s+a POSIX shell runs commands/
assert log =~ /\[INFO\] \d+ passed, \d+ failed, \d+ warned, \d+ skipped, 0 errors/
assert log =~ /\[INFO\] kvm:verify: reports in \S+target\/kvm-reports/

def reports = new File(basedir, 'target/kvm-reports')
def xml = new XmlSlurper().parse(new File(reports, 'kvm-verify.xml'))
def names = xml.testsuite.testcase.collect { it.@name.text() }
assert names.any { it.startsWith('HV-DEV-KVM: ') } : names
assert names.any { it.startsWith('SITE-OS-RELEASE: ') } : names
assert xml.testsuite.@name.text() == 'localhost'
def json = new JsonSlurper().parse(new File(reports, 'kvm-verify.json'))
def all = json.hosts[0].checks
assert all.size() == names.size()
// nothing critical failed (that would have failed the build), but for the waived KVM checks on a machine without it
assert !all.any { it.severity == 'critical' && it.outcome in ['FAIL', 'ERROR'] && !it.waived } : all
assert kvm == !all.any { it.waived } : all

// 2: selection, folder and quiet from properties
def site = new File(basedir, 'target/site-reports')
def siteJson = new JsonSlurper().parse(new File(site, 'kvm-verify.json'))
assert siteJson.hosts[0].checks*.id.sort() == ['SITE-OS-RELEASE', 'SITE-SHELL']
assert new File(site, 'kvm-verify.xml').isFile()
assert log.contains('[INFO] kvm:verify: 2 checks on the local host')
assert log.contains('[INFO] 2 passed, 0 failed, 0 warned, 0 skipped, 0 errors')
true
