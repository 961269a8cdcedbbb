// Four failed builds (invoker checks that): each says why, without a stack trace; the last one's reports are left.
import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper

def log = new File(basedir, 'build.log').text
def errors = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert errors.size() == 4 : errors.join('\n')

// 1: the unreachable host is named, in the console and in the failure; no password anywhere
assert log =~ /\[INFO\] kvm-down UNREACHABLE: cannot connect to 127\.0\.0\.1:1/
assert errors[0].endsWith('kvm:verify: 1 host could not be checked:') : errors[0]
assert log =~ /\[ERROR\]   host kvm-down is unreachable: cannot connect to 127\.0\.0\.1:1/
assert !log.contains('Open-Sesame-41') && !log.contains('Become-Root-67') : 'a password reached the log'

// 2: the spec's typo, at file:line:column, with the nearest key
assert errors[1] =~ /kvm:verify: \S+typo\.yml:6:5: .*tpye.*type/ : errors[1]

// 3: the parameter error
assert errors[2].contains("kvm:verify: failOn: unknown severity 'severe': use one of info, low, medium, high, critical")

// 4: the failing check, in the CLI's console shape and in the failure: host, id, severity, message and hint
assert log.contains('[INFO] kvm:verify: 2 checks on the local host, failing the build at severity info or above')
assert log =~ /\[INFO\]   PASS   IT-OS-RELEASE\s+the host says what it is/
assert log =~ /\[INFO\]   FAIL   IT-MARKER\s+the provisioning marker is there \[high\]/
assert log.contains('[INFO]          hint: run mvn kvm:provision first (it writes the marker)')
assert log.contains('[INFO] 1 passed, 1 failed, 0 warned, 0 skipped, 0 errors')
assert errors[3].endsWith('kvm:verify: 1 check failed at or above severity info:') : errors[3]
assert log.contains('[ERROR]   localhost IT-MARKER [high]: /nonexistent/kvmforge-it/provisioned.marker does not exist; '
        + 'hint: run mvn kvm:provision first (it writes the marker)')

assert !(log =~ /\bat dev\.kvmforge\./) : 'a stack trace reached the log'
assert !log.contains('Caused by')

// the reports of run 4
def reports = new File(basedir, 'target/kvm-reports')
def xml = new XmlSlurper().parse(new File(reports, 'kvm-verify.xml'))
assert xml.name() == 'testsuites'
def cases = xml.testsuite.testcase
assert cases.size() == 2
def failing = cases.find { it.@name.text().startsWith('IT-MARKER') }
assert failing.@classname.text().startsWith('localhost.')
assert failing.failure.size() == 1 : 'IT-MARKER is not a failure in the JUnit XML'
assert failing.failure.@message.text().contains('hint: run mvn kvm:provision first')
def passing = cases.find { it.@name.text().startsWith('IT-OS-RELEASE') }
assert passing.failure.size() == 0 && passing.error.size() == 0

def json = new JsonSlurper().parse(new File(reports, 'kvm-verify.json'))
assert json.summary.passed == 1 && json.summary.failed == 1
def marker = json.hosts[0].checks.find { it.id == 'IT-MARKER' }
assert marker.outcome == 'FAIL' && marker.severity == 'high'
assert !new File(reports, 'kvm-verify.json').text.contains('Open-Sesame-41')
true
