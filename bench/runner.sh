#!/usr/bin/env bash
# Runner speed, side by side in one run, over SSH to loopback with a test user:
#  1. per-task overhead: N trivial `command` tasks on one host with kvmforge, with Ansible (pipelining and
#     ControlPersist on), and N OpenSSH `ssh host true` calls on an open master connection;
#  2. fan-out: 20 hosts x 20 tasks, the same forks for both tools.
# Per-task overhead is the slope: (time of N+1 tasks - time of 1 task) / N, so start-up and the SSH login of
# both tools count once, in the 1-task run, and not in the per-task figure.
# Both warm: kvmforge through its resident process (started by the first run, its SSH sessions kept), Ansible with
# its ControlPersist masters left open by the previous run.
# Writes its figures into docs/benchmarks.md (between the runner markers). Traffic stays on 127.0.30.x.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source bench/lib.sh

N=${N:-50}
HOSTS=${HOSTS:-20}
FAN_TASKS=${FAN_TASKS:-20}
FORKS=${FORKS:-20}

bench_need ansible openssh-server openssh-client bc
bench_setup "$HOSTS"
trap '"$root/kvmforge" daemon stop >/dev/null 2>&1 || true; bench_teardown' EXIT
./kvmforge --version > /dev/null

work=$BENCH_DIR/runner
rm -rf "$work"
mkdir -p "$work/cp"
{
  echo "[bench]"
  for i in $(seq 1 "$HOSTS"); do
    echo "h$i ansible_host=$(bench_addr "$i") ansible_port=$BENCH_PORT ansible_user=$BENCH_USER ansible_ssh_private_key_file=$BENCH_KEY"
  done
} > "$work/hosts.ini"

playbook() { # playbook FILE TASKS
  {
    echo "- hosts: all"
    echo "  gather_facts: false"
    if (($2 == 0)); then echo "  tasks: []"; else echo "  tasks:"; fi
    for i in $(seq 1 "$2"); do printf '    - name: t%s\n      command: "true"\n' "$i"; done
  } > "$1"
}
playbook "$work/one.yml" 1
playbook "$work/n.yml" $((N + 1))
playbook "$work/fan.yml" "$FAN_TASKS"

cat > "$work/ansible.cfg" <<CFG
[defaults]
host_key_checking = True
forks = $FORKS
gathering = explicit
interpreter_python = /usr/bin/python3
stdout_callback = default
[ssh_connection]
pipelining = True
ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=$BENCH_KNOWN
control_path_dir = $work/cp
CFG
export ANSIBLE_CONFIG=$work/ansible.cfg ANSIBLE_NOCOLOR=1

kvm() { "$root/kvmforge" run "$1" -i "$work/hosts.ini" -l "$2" --known-hosts "$BENCH_KNOWN" -f "$FORKS"; }
ans() { ansible-playbook -i "$work/hosts.ini" -l "$2" "$1"; }

echo "per-task overhead, $N tasks on one host ..." >&2
k0=$(bench_median kvm "$work/one.yml" h1)
kn=$(bench_median kvm "$work/n.yml" h1)
a0=$(bench_median ans "$work/one.yml" h1)
an=$(bench_median ans "$work/n.yml" h1)

ctl=$work/cp/master
ssh -MNf -o ControlPath="$ctl" -p "$BENCH_PORT" -i "$BENCH_KEY" -o UserKnownHostsFile="$BENCH_KNOWN" \
  "$BENCH_USER@$(bench_addr 1)"
ssh_n() { for _ in $(seq "$N"); do ssh -o ControlPath="$ctl" -p "$BENCH_PORT" "$BENCH_USER@$(bench_addr 1)" true; done; }
sn=$(bench_median ssh_n)
ssh -o ControlPath="$ctl" -O exit "$BENCH_USER@$(bench_addr 1)" 2>/dev/null || true

echo "fan-out, $HOSTS hosts x $FAN_TASKS tasks, forks $FORKS ..." >&2
kf=$(bench_median kvm "$work/fan.yml" all)
af=$(bench_median ans "$work/fan.yml" all)

ms() { echo "scale=1; $1 * 1000 / 1" | bc; }
per() { echo "scale=2; ($2 - $1) * 1000 / $N" | bc; }
kper=$(per "$k0" "$kn"); aper=$(per "$a0" "$an"); sper=$(echo "scale=2; $sn * 1000 / $N" | bc)
ratio() { printf '%.1f' "$(echo "scale=3; $1 / $2" | bc)"; }

section=$(cat <<MD
<!-- runner:start -->
## Runner: per-task overhead and fan-out (\`bench/runner.sh\`)

Measured $(date -u +%Y-%m-%d) on $(nproc) cores, over SSH to loopback (127.0.30.x, OpenSSH sshd, one per 10 addresses), user
\`$BENCH_USER\`, median of ${BENCH_RUNS:-3} runs each, all in one run of the script (load average $(cut -d' ' -f1-3 /proc/loadavg) at its
end). Warm against warm: kvmforge through its resident process (the client's JVM start counted, the SSH sessions
kept from the previous run), Ansible with its ControlPersist masters open from the previous run.
Ansible: $(ansible --version | head -1 | tr -d '[]'), pipelining and ControlPersist on.

| what | kvmforge | Ansible | OpenSSH |
|---|---|---|---|
| 1 task, one host: start, connect, run (s) | $k0 | $a0 | |
| $((N + 1)) trivial \`command\` tasks, one host (s) | $kn | $an | $sn ($N x \`ssh host true\`, master open) |
| **per-task overhead (ms)** | **$kper** | $aper | $sper per command |
| $HOSTS hosts x $FAN_TASKS tasks, forks $FORKS (s) | $kf | $af | |

- per-task overhead: kvmforge is **$(ratio "$aper" "$kper")x** faster than Ansible, and **$(ratio "$sper" "$kper")x** faster
  than OpenSSH's one-process-per-command floor (target: at most 10 ms, about 30x Ansible).
- fan-out: kvmforge is **$(ratio "$af" "$kf")x** faster than Ansible (target: at least 20x).
<!-- runner:end -->
MD
)
bench_write_section runner "$section"
echo "$section"
