// The user's mvn test passed, and Surefire's report says their one test ran and passed.
import groovy.xml.XmlSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0/

def report = new File(basedir, 'target/surefire-reports/TEST-com.example.lab.AppHostPlaybookTest.xml')
assert report.isFile() : 'no Surefire report'
def suite = new XmlSlurper().parse(report)
assert suite.@tests.text() == '1'
assert suite.@failures.text() == '0' && suite.@errors.text() == '0' && suite.@skipped.text() == '0'
def test = suite.testcase.find { it.@name.text().startsWith('setsUpTheAppOnAFreshDebianHost') }
assert test.size() == 1 : 'the test is not in the report'
assert test.@classname.text() == 'com.example.lab.AppHostPlaybookTest'
assert test.children().findAll { it.name() in ['failure', 'error', 'skipped'] }.isEmpty()
// (DebianHost fails fast naming a missing TESTCONTAINERS_* variable: the pom's environmentVariables reached the test)
true
