// check mode: the log says what would change, and nothing did
def log = new File(basedir, 'build.log').text

assert log.contains('PLAY [check mode on the local host] [CHECK MODE] ***')
assert log.contains('TASK [make a marker with a command] ***')
assert log.contains('TASK [copy a greeting] ***')
assert log.contains('[INFO] changed: [localhost]')
// the diff (-Dkvm.diff) shows the text the extra vars (-Dkvm.extraVars) made
assert log.contains('+hello invoker')
assert log.contains('PLAY RECAP ***')
assert log =~ /\[INFO\] localhost\s+:\s+ok=\d+\s+changed=2\b/
assert log.contains('BUILD SUCCESS')

assert !new File(basedir, 'made-by-command.txt').exists() : 'check mode ran the command'
assert !new File(basedir, 'copied.txt').exists() : 'check mode wrote the file'
true
