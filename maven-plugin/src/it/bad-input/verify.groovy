// Three failed builds (invoker checks that): each names the problem in one line, and no stack trace shows.
def log = new File(basedir, 'build.log').text
def errors = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert errors.size() == 3 : errors.join('\n')

assert errors[0].contains('kvm:provision: the playbook: missing.yml could not be found; hint: check the path, '
        + 'or name a shipped playbook: ') && errors[0].contains('ping') : errors[0]
assert errors[1].contains('kvm:provision: the playbook: pnig could not be found; hint: check the path, '
        + 'or name a shipped playbook: did you mean ping?') : errors[1]
assert errors[2] =~ /kvm:provision: \S+typo\.yml:\d+:\d+: .*comand/ : errors[2]

assert !(log =~ /\bat dev\.kvmforge\./) : 'a stack trace reached the log'
assert !log.contains('Caused by')
true
