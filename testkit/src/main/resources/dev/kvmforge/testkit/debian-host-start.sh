#!/bin/sh
# Entry point of a kvmforge DebianHost container (copied in as /etc/kvmforge/start.sh). Runs as root under
# docker's init (tini), then becomes sshd. Reads:
#   KVMFORGE_USER, KVMFORGE_ADDRESS, KVMFORGE_PORT  (environment)
#   /etc/kvmforge/password         "user:password" for chpasswd, deleted once used
#   /etc/kvmforge/authorized_keys  the test user's public key
#   /etc/kvmforge/ssh_host_ed25519_key(.pub)  the host key the test knows
set -eu
say() { echo "kvmforge-start: $*" >&2; }
user=$KVMFORGE_USER

# cgroups: with a private cgroup namespace the container sees its own subtree; docker mounts it read-only.
# Make it writable (needs CAP_SYS_ADMIN) so libvirt can place guests, as on a real host. Without the
# capability this only warns.
if command -v mount >/dev/null; then
  awk '$3 == "cgroup" || $3 == "cgroup2" { print $2 }' /proc/self/mounts | while read -r m; do
    mount -o remount,bind,rw "$m" 2>/dev/null || say "cannot make $m writable (needs CAP_SYS_ADMIN)"
  done
fi

# /dev/kvm: a real Debian host's udev rule makes it root:kvm 0666; docker copies the machine's mode and group id.
if [ -c /dev/kvm ]; then
  getent group kvm >/dev/null && chgrp kvm /dev/kvm
  chmod 0666 /dev/kvm
fi

# The test user: key login, a password for sudo (asked every time).
id -u "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash "$user"
chpasswd < /etc/kvmforge/password
rm -f /etc/kvmforge/password
home=$(getent passwd "$user" | cut -d: -f6)
install -d -m 0700 -o "$user" -g "$user" "$home/.ssh"
install -m 0600 -o "$user" -g "$user" /etc/kvmforge/authorized_keys "$home/.ssh/authorized_keys"
cat > /etc/sudoers.d/kvmforge-test <<EOF
# written by kvmforge's DebianHost: sudo with the user's password, asked every time
Defaults:$user timestamp_timeout=0, !lecture
$user ALL=(ALL:ALL) ALL
EOF
chmod 0440 /etc/sudoers.d/kvmforge-test
visudo -c -q

# sshd: its own host key, listening only on this host's loopback address (the container shares the machine's
# network), set in sshd_config's drop-in directory as an operator would.
install -m 0600 /etc/kvmforge/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key
install -m 0644 /etc/kvmforge/ssh_host_ed25519_key.pub /etc/ssh/ssh_host_ed25519_key.pub
mkdir -p /etc/ssh/sshd_config.d
cat > /etc/ssh/sshd_config.d/00-kvmforge.conf <<EOF
# written by kvmforge's DebianHost
ListenAddress $KVMFORGE_ADDRESS:$KVMFORGE_PORT
HostKey /etc/ssh/ssh_host_ed25519_key
AllowUsers $user
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
UseDNS no
MaxSessions 64
MaxStartups 64:30:200
EOF
mkdir -p -m 0755 /run/sshd
listen=$(/usr/sbin/sshd -T | awk '$1 == "listenaddress" { print $2 }')
if [ "$listen" != "$KVMFORGE_ADDRESS:$KVMFORGE_PORT" ]; then
  say "sshd would listen on '$listen', not only on $KVMFORGE_ADDRESS:$KVMFORGE_PORT: does /etc/ssh/sshd_config include sshd_config.d?"
  exit 1
fi
say "ready to start sshd on $KVMFORGE_ADDRESS:$KVMFORGE_PORT"
exec /usr/sbin/sshd -D -e
