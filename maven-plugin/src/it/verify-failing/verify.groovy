// Both invocations failed (invoker checks that); each says why in one line, without a stack trace.
def log = new File(basedir, 'build.log').text

assert log.contains('kvm:verify needs the checks engine (not in this build yet)')
assert log.contains("kvm:verify: failOn: unknown severity 'severe': use one of info, low, medium, high, critical")
assert !(log =~ /\bat dev\.kvmforge\./) : 'a stack trace reached the log'
assert !log.contains('Caused by')
true
