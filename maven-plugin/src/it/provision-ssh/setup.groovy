// Starts a real OpenSSH sshd on 127.0.40.1 for the IT (the testkit's LoopbackSshd: test user, keys, sudoers),
// and writes the inventory and known_hosts the IT's pom names. verify.groovy stops it; a shutdown hook makes sure.
import dev.kvmforge.testkit.LoopbackSshd

def sshd = new LoopbackSshd().withAddress('127.0.40.1').start()
System.properties.put('kvmforge.it.provision-ssh.sshd', sshd)
Runtime.runtime.addShutdownHook(new Thread({ sshd.close() }))

def itFile = "/tmp/kvmforge-it-provision-ssh-${UUID.randomUUID()}.txt"
new File(basedir, 'it-file.path').text = itFile
new File(basedir, 'known_hosts').text = sshd.knownHostsLines().join('\n') + '\n'
new File(basedir, 'hosts.ini').text = """\
[kvm]
kvm1 ansible_host=${sshd.host()} ansible_port=${sshd.port()} ansible_user=${sshd.user()} ansible_ssh_private_key_file=${sshd.ed25519Key()} it_file=${itFile}

[kvm:vars]
ansible_become_password='${sshd.password()}'
"""
true
