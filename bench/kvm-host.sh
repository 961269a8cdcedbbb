#!/usr/bin/env bash
# The idempotent re-run of kvm-host (everything already in place), side by side in one run: kvmforge's shipped
# playbook against the equivalent Ansible playbook (apt, file, a shell start of libvirtd on this init-less machine,
# qemu-img with creates, community.libvirt's virt and virt_net), both over SSH to the same prepared host: this machine
# on a loopback address (127.0.30.1), logged in as the bench user with passwordless sudo.
# Warm against warm: kvmforge through its resident process (alive, with the SSH session the previous run kept),
# Ansible with its ControlPersist master alive from the previous run. Cold against cold: kvmforge --no-daemon (a JVM
# start and a login per run), Ansible with no master (a fresh ControlPath directory per run).
# Writes its figures into docs/benchmarks.md (between the kvm-host markers). Removes its VM, disk and sudo rule, and
# stops the resident process.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source bench/lib.sh

VM=kvmf-bench-vm
bench_need ansible python3-libvirt python3-lxml openssh-server openssh-client bc
bench_setup 1
sudoers=/etc/sudoers.d/kvmforge-bench
echo "$BENCH_USER ALL=(ALL) NOPASSWD: ALL" > "$sudoers"
chmod 0440 "$sudoers"
cleanup() {
  "$root/kvmforge" daemon stop >/dev/null 2>&1 || true
  virsh -c qemu:///system destroy "$VM" >/dev/null 2>&1 || true
  virsh -c qemu:///system undefine "$VM" >/dev/null 2>&1 || true
  rm -f "/var/lib/libvirt/images/$VM.qcow2" "/var/log/libvirt/qemu/$VM-serial.log" "$sudoers"
  bench_teardown
}
trap cleanup EXIT
./kvmforge --version > /dev/null

work=$BENCH_DIR/kvm-host
rm -rf "$work"
mkdir -p "$work/cp"
echo "h1 ansible_host=$(bench_addr 1) ansible_port=$BENCH_PORT ansible_user=$BENCH_USER ansible_ssh_private_key_file=$BENCH_KEY" \
  > "$work/hosts.ini"
vars=(-e vm_name=$VM -e vm_memory_mb=64 -e vm_disk_size=1G)
# Without a usable /dev/kvm both tools go on with the VM under software emulation (a libvirt domain of type qemu).
domain_type=kvm
kvm_test="test -w /dev/kvm && grep -cE 'vmx|svm|hypervisor' /proc/cpuinfo"
if [[ ! -w /dev/kvm ]]; then
  vars+=(-e kvm_required=false)
  domain_type=qemu
  kvm_test="test -w /dev/kvm || echo 'no KVM, software emulation'"
fi

cat > "$work/kvm-host-ansible.yml" <<YML
- name: KVM host
  hosts: all
  become: true
  gather_facts: true
  vars:
    vm_name: $VM
    vm_disk_path: /var/lib/libvirt/images/$VM.qcow2
  tasks:
    - name: hardware virtualization works
      shell: $kvm_test
      changed_when: false
    - name: QEMU/KVM, libvirt and bridge utilities are installed
      apt:
        name: [qemu-system-x86, qemu-utils, libvirt-daemon-system, libvirt-clients, bridge-utils]
        update_cache: true
        cache_valid_time: 3600
    - name: libvirt's default NAT network does not start with libvirtd
      file: {path: /etc/libvirt/qemu/networks/autostart/default.xml, state: absent}
    - name: libvirtd is started (no init here, so no service module)
      shell: pgrep -x libvirtd >/dev/null && echo running || { virtlogd -d; libvirtd -d; echo started; }
      register: libvirtd
      changed_when: "'started' in libvirtd.stdout"
    - name: the VM's disk image exists
      command: qemu-img create -f qcow2 {{ vm_disk_path }} 1G
      args: {creates: "{{ vm_disk_path }}"}
    - name: the VM is defined
      community.libvirt.virt:
        command: define
        xml: |
          <domain type='$domain_type'><name>{{ vm_name }}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
          <os><type arch='x86_64'>hvm</type></os><devices><disk type='file' device='disk'>
          <driver name='qemu' type='qcow2'/><source file='{{ vm_disk_path }}'/><target dev='vda' bus='virtio'/>
          </disk></devices></domain>
    - name: the VM is running
      community.libvirt.virt: {name: "{{ vm_name }}", state: running}
    - name: virtual networks
      community.libvirt.virt_net: {command: list_nets}
      register: networks
    - name: show the virtual networks
      debug: {var: networks}
YML
cat > "$work/ansible.cfg" <<CFG
[defaults]
host_key_checking = True
gathering = explicit
interpreter_python = /usr/bin/python3
[ssh_connection]
pipelining = True
ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=$BENCH_KNOWN
control_path_dir = $work/cp
CFG
export ANSIBLE_CONFIG=$work/ansible.cfg ANSIBLE_NOCOLOR=1

kvm() { "$root/kvmforge" run kvm-host -i "$work/hosts.ini" --known-hosts "$BENCH_KNOWN" "${vars[@]}"; }
kvm_cold() { "$root/kvmforge" --no-daemon run kvm-host -i "$work/hosts.ini" --known-hosts "$BENCH_KNOWN" "${vars[@]}"; }
ans() { ansible-playbook -i "$work/hosts.ini" "$work/kvm-host-ansible.yml"; }
ans_cold() {
  ANSIBLE_SSH_CONTROL_PATH_DIR="$(mktemp -d "$work/cp/cold.XXXXXX")" ansible-playbook -i "$work/hosts.ini" \
    "$work/kvm-host-ansible.yml"
}

echo "preparing the host with kvmforge, then Ansible ..." >&2
kvm > "$work/prepare-kvmforge.log"
ans > "$work/prepare-ansible.log"
kvm | tee "$work/rerun.log" | grep 'changed=0' >/dev/null || { echo "bench: kvmforge's re-run changed something" >&2; exit 1; }
ans | grep 'changed=0' >/dev/null || { echo "bench: Ansible's re-run changed something" >&2; tail -30 "$BENCH_DIR/last.log" >&2; exit 1; }

echo "idempotent re-runs, warm, then cold ..." >&2
load=$(cut -d' ' -f1-3 /proc/loadavg)
k=$(bench_median kvm)
a=$(bench_median ans)
kc=$(bench_median kvm_cold)
ac=$(bench_median ans_cold)
ratio() { printf '%.1f' "$(echo "scale=3; $1 / $2" | bc)"; }

section=$(cat <<MD
<!-- kvm-host:start -->
## kvm-host: the idempotent re-run (\`bench/kvm-host.sh\`)

Measured $(date -u +%Y-%m-%d) on $(nproc) cores (load average $load at the start): the same prepared host (this
machine, over SSH to 127.0.30.1 as \`$BENCH_USER\` with sudo), everything already in place, median of ${BENCH_RUNS:-3}
runs each, in one run of the script. kvmforge: the shipped \`kvm-host\` (facts, 8 tasks). Ansible:
$(ansible --version | head -1 | tr -d '[]') with community.libvirt, the same steps (facts, 9 tasks), pipelining on.

| re-run (s) | kvmforge | Ansible | Ansible / kvmforge |
|---|---|---|---|
| warm: kvmforge's resident process alive with its kept SSH session; Ansible's ControlPersist master alive | $k | $a | **$(ratio "$a" "$k")x** |
| cold: \`kvmforge --no-daemon\` (JVM start, login); Ansible without a master (login) | $kc | $ac | $(ratio "$ac" "$kc")x |

Warm against warm, kvmforge is **$(ratio "$a" "$k")x** faster (target: at least 10x); cold against cold
$(ratio "$ac" "$kc")x. Both kvmforge figures go through the \`./kvmforge\` launcher (a bash script that checks the
jar is up to date).
<!-- kvm-host:end -->
MD
)
bench_write_section kvm-host "$section"
echo "$section"
