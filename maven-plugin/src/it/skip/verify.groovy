// Two builds (-Dkvm.skip=true, then <skip>true</skip>), both passed: each goal said it skipped, twice.
def log = new File(basedir, 'build.log').text

assert log.count('[INFO] Skipping kvm:provision: skip is true') == 2
assert log.count('[INFO] Skipping kvm:verify: skip is true') == 2
assert !log.contains('PLAY [')
assert !log.contains('no-such-playbook.yml could not be found')
true
