// The file exists on the "remote" host, written by the SSH login user; sudo worked; the password never showed.
import java.nio.file.Files
import java.nio.file.Path

def sshd = System.properties.remove('kvmforge.it.provision-ssh.sshd')
try {
    def log = new File(basedir, 'build.log').text
    def made = Path.of(new File(basedir, 'it-file.path').text.strip())
    try {
        assert Files.exists(made) : "kvm:provision did not create $made over SSH"
        assert Files.readString(made) == 'provisioned by mvn kvm:provision\n'
        assert Files.getOwner(made).name == sshd.user() : 'the file was not written by the SSH login user'
    } finally {
        Files.deleteIfExists(made)
    }
    assert log.contains('PLAY [provision over ssh] ***')
    assert log.contains('[INFO] changed: [kvm1]')
    assert log.contains('<kvm1> EXEC id -u')
    assert log.contains('<kvm1> stdout: 0')
    // Apache SSHD's own INFO chatter stays out of Maven's log
    assert !log.contains('no configuration file at')
    assert !log.contains('Server announced support for')
    assert log =~ /\[INFO\] kvm1\s+:\s+ok=\d+\s+changed=2\s+unreachable=0\s+failed=0/
    assert !log.contains(sshd.password()) : 'the become password reached the log'
    assert log.contains('BUILD SUCCESS')
} finally {
    sshd?.close()
}
true
