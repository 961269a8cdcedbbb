#!/usr/bin/env bash
# Host verification, side by side in one run, over SSH to loopback, every tool logged in as the bench user:
#  - kvmforge verify: the whole built-in catalogue (one probe command per host); warm (through the resident process,
#    alive, with the SSH sessions its previous run kept) and cold (--no-daemon: JVM start and SSH login included);
#  - virt-host-validate qemu (libvirt-clients) run over ssh, as `ssh host virt-host-validate qemu` (its login counted,
#    as kvmforge's is), and on an open master connection per host (login not counted); on 20 hosts, each host in turn;
#  - testinfra (python3-testinfra): bench/verify_testinfra.py, the same checks reading the same facts, through an
#    ssh config with a ControlPath: warm (the master left open by the previous run) and closed after each run (login
#    counted); and without one (testinfra's default).
# One host, then 20 hosts; median of 3 runs each; then where kvmforge's time goes (JVM start, the in-JVM SSH
# client and login, the probe command). Checks that testinfra reaches the same verdicts as kvmforge, check by check.
# No sudo: kvmforge verify has no become, so all three tools run unprivileged as the same user; for the run the bench
# user joins group kvm (so /dev/kvm is opened for real), and leaves it at exit.
# Writes its figures into docs/benchmarks.md (between the verify markers). Traffic stays on 127.0.30.x.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source bench/lib.sh

HOSTS=${HOSTS:-20}
FORKS=${FORKS:-20}
PYTEST=/usr/bin/py.test   # Debian's, not whatever python a pyenv shim in PATH would pick

bench_need libvirt-clients python3-testinfra python3-pytest openssh-server openssh-client bc
bench_setup "$HOSTS"
work=$BENCH_DIR/verify
rm -rf "$work"
mkdir -p "$work/cp"

joined_kvm=0
if ! id -nG "$BENCH_USER" | tr ' ' '\n' | grep -qx kvm; then
  usermod -aG kvm "$BENCH_USER"
  joined_kvm=1
fi
close_masters() {
  local c
  for c in "$work"/cp/*; do
    [[ -S $c ]] && ssh -o ControlPath="$c" -O exit placeholder 2>/dev/null || true
  done
}
cleanup() {
  "$root/kvmforge" daemon stop >/dev/null 2>&1 || true
  close_masters
  if ((joined_kvm)); then gpasswd -d "$BENCH_USER" kvm >/dev/null || true; fi
  bench_teardown
}
trap cleanup EXIT
./kvmforge --version > /dev/null

inventory() { # inventory FILE N
  for i in $(seq 1 "$2"); do
    echo "h$i ansible_host=$(bench_addr "$i") ansible_port=$BENCH_PORT ansible_user=$BENCH_USER ansible_ssh_private_key_file=$BENCH_KEY"
  done > "$1"
}
inventory "$work/one.ini" 1
inventory "$work/all.ini" "$HOSTS"

# testinfra: the same host, user and port (from --hosts), key and known_hosts from an ssh config; with and without
# a ControlPath. testinfra adds -o ControlMaster=auto -o ControlPersist=60s itself, which shares a connection only
# where a ControlPath is set.
for mux in shared single; do
  {
    echo "Host 127.0.30.*"
    echo "  IdentityFile $BENCH_KEY"
    echo "  IdentitiesOnly yes"
    echo "  UserKnownHostsFile $BENCH_KNOWN"
    echo "  StrictHostKeyChecking yes"
    echo "  BatchMode yes"
    [[ $mux == shared ]] && echo "  ControlPath $work/cp/testinfra-%C"
  } > "$work/ssh_config.$mux"
done

# Each wrapper fails only when the tool could not check: kvmforge exits 2 and the others 1 when a check fails.
kvm() { # kvm INVENTORY [options]: warm, through the resident process
  local s=0
  "$root/kvmforge" verify -i "$1" --known-hosts "$BENCH_KNOWN" -f "$FORKS" -q "${@:2}" || s=$?
  ((s == 0 || s == 2))
}
kvm_cold() { # kvm_cold INVENTORY [options]: in a JVM of its own, logging in
  local s=0
  "$root/kvmforge" --no-daemon verify -i "$1" --known-hosts "$BENCH_KNOWN" -f "$FORKS" -q "${@:2}" || s=$?
  ((s == 0 || s == 2))
}
vhv_ctl() { echo "$work/cp/vhv-$1"; }
vhv() { # vhv N [master]: virt-host-validate qemu over ssh on hosts 1..N, in turn; each its own login, or on the
        # open master connection
  local i s
  for i in $(seq 1 "$1"); do
    s=0
    if [[ ${2:-} == master ]]; then
      ssh -o ControlPath="$(vhv_ctl "$i")" -p "$BENCH_PORT" "$BENCH_USER@$(bench_addr "$i")" virt-host-validate qemu || s=$?
    else
      ssh -o ControlPath=none -p "$BENCH_PORT" -i "$BENCH_KEY" -o UserKnownHostsFile="$BENCH_KNOWN" -o BatchMode=yes \
        "$BENCH_USER@$(bench_addr "$i")" virt-host-validate qemu || s=$?
    fi
    ((s == 0 || s == 1)) || return 1
  done
}
ti() { # ti shared|warm|single [pytest options]: testinfra on host 1; shared: its shared connection closed after
       # the run; warm: left open for the next run
  local s=0 config=$1
  [[ $config == warm ]] && config=shared
  PYTHONDONTWRITEBYTECODE=1 "$PYTEST" -p no:cacheprovider -q --hosts="ssh://$BENCH_USER@$(bench_addr 1):$BENCH_PORT" \
    --ssh-config="$work/ssh_config.$config" "${@:2}" bench/verify_testinfra.py || s=$?
  if [[ $1 == shared ]]; then
    ssh -F "$work/ssh_config.shared" -p "$BENCH_PORT" -l "$BENCH_USER" -O exit "$(bench_addr 1)" 2>/dev/null || true
  fi
  ((s == 0 || s == 1))
}

for i in $(seq 1 "$HOSTS"); do
  ssh -MNf -o ControlPath="$(vhv_ctl "$i")" -p "$BENCH_PORT" -i "$BENCH_KEY" -o UserKnownHostsFile="$BENCH_KNOWN" \
    -o BatchMode=yes "$BENCH_USER@$(bench_addr "$i")"
done

echo "verdicts of each tool on one host ..." >&2
kvm "$work/one.ini" --json "$work/kvmforge.json" > /dev/null
ti shared -o junit_family=xunit1 --junitxml="$work/testinfra.xml" --log-file="$work/testinfra.log" \
  --log-file-level=DEBUG > "$work/testinfra.out"
vhv 1 > "$work/vhv.out"
grep -q 'QEMU: Checking' "$work/vhv.out" || { echo "bench: virt-host-validate printed no checks" >&2; exit 1; }
verdicts=$(python3 - "$work/kvmforge.json" "$work/testinfra.xml" "$work/vhv.out" "$work/testinfra.log" <<'PY'
import collections, json, re, sys
import xml.etree.ElementTree as ET
k = {c["id"]: c["outcome"] for h in json.load(open(sys.argv[1]))["hosts"] for c in h["checks"]}
t = {}
for case in ET.parse(sys.argv[2]).iter("testcase"):
    p = {e.get("name"): e.get("value") for e in case.iter("property")}
    t[p["check"]] = p["verdict"]
same = [i for i in k if t.get(i) == k[i]]
differ = ["%s kvmforge %s, testinfra %s" % (i, k[i], t.get(i, "missing")) for i in k if t.get(i) != k[i]]
differ += ["%s only in testinfra" % i for i in t if i not in k]
count = lambda d: ", ".join("%d %s" % (n, o) for o, n in sorted(collections.Counter(d.values()).items()))
v = collections.Counter(m.group(1) for m in re.finditer(r": (PASS|WARN|FAIL)", open(sys.argv[3]).read()))
commands = sum(1 for line in open(sys.argv[4]) if "RUN CommandResult(" in line)
print(len(k))
print(count(k))
print("%d/%d" % (len(same), len(k)))
print("; ".join(differ) or "none")
print(sum(v.values()))
print(", ".join("%d %s" % (v[o], o) for o in ("PASS", "WARN", "FAIL") if v[o]))
print(commands)
PY
)
{ read -r k_checks; read -r k_verdicts; read -r same; read -r differ; read -r v_checks; read -r v_verdicts
  read -r ti_commands; } <<< "$verdicts"
[[ $differ == none ]] || echo "bench: testinfra and kvmforge differ: $differ" >&2

echo "one host ..." >&2
load=$(cut -d' ' -f1-3 /proc/loadavg)
k1=$(bench_median kvm "$work/one.ini")
k1c=$(bench_median kvm_cold "$work/one.ini")
v1=$(bench_median vhv 1)
v1m=$(bench_median vhv 1 master)
t1=$(bench_median ti shared)
ti warm > /dev/null   # its master up
t1w=$(bench_median ti warm)
t1s=$(bench_median ti single)
warm_round_trip=$(bench_median "$root/kvmforge" daemon status)

echo "$HOSTS hosts ..." >&2
kvm "$work/all.ini" > /dev/null   # the resident process keeps a session per host
kn=$(bench_median kvm "$work/all.ini")
knc=$(bench_median kvm_cold "$work/all.ini")
vn=$(bench_median vhv "$HOSTS")
vnm=$(bench_median vhv "$HOSTS" master)

echo "where kvmforge's time goes ..." >&2
jvm=$(bench_median "$root/kvmforge" --version)
# The one probe command kvmforge runs for the catalogue, run by OpenSSH on the open master connection.
cat > "$work/ProbeScript.java" <<'JAVA'
import dev.kvmforge.checks.catalogue.CheckCatalogue;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.checks.probe.ProbeBatch;
import java.util.LinkedHashSet;
import java.util.Set;

public class ProbeScript {
    public static void main(String[] args) {
        Set<Probe<?>> probes = new LinkedHashSet<>();
        CheckCatalogue.builtIn().checks().forEach(c -> probes.addAll(c.probes()));
        System.out.print(ProbeBatch.of(probes, "/").script());
    }
}
JAVA
java -cp cli/target/kvmforge.jar "$work/ProbeScript.java" > "$work/probe.sh"
probes=$(grep -o '%s begin %s' "$work/probe.sh" | wc -l)
probe_cmd() { ssh -o ControlPath="$(vhv_ctl 1)" -p "$BENCH_PORT" "$BENCH_USER@$(bench_addr 1)" sh < "$work/probe.sh"; }
probe=$(bench_median probe_cmd)
ssh_login() {
  ssh -o ControlPath=none -p "$BENCH_PORT" -i "$BENCH_KEY" -o UserKnownHostsFile="$BENCH_KNOWN" -o BatchMode=yes \
    "$BENCH_USER@$(bench_addr 1)" true
}
login=$(bench_median ssh_login)
# One more run, logging when classes load: the first class of each phase marks its start (the logging slows the
# run a little).
tl_start=$(date +%s%N)
KVMFORGE_JAVA_OPTS="-Xlog:class+load:file=$work/classes.log:uptime" kvm_cold "$work/one.ini" > /dev/null
tl_end=$(date +%s%N)
at() { grep -m1 -F "$1" "$work/classes.log" | sed -E 's/^\[([0-9.]+)s\].*/\1/'; }
tl_total=$(echo "scale=3; ($tl_end - $tl_start) / 1000000000" | bc)
tl_sshd=$(at 'org.apache.sshd.')
tl_host=$(at 'dev.kvmforge.checks.engine.HostVerification ')
tl_exec=$(at 'org.apache.sshd.client.channel.ChannelExec ')
tl_probed=$(at 'dev.kvmforge.checks.engine.CheckReportEntry ')
tl_last=$(tail -1 "$work/classes.log" | sed -E 's/^\[([0-9.]+)s\].*/\1/')
for v in tl_sshd tl_host tl_exec tl_probed tl_last; do
  [[ -n ${!v} ]] || { echo "bench: no class marks the phase $v in $work/classes.log" >&2; exit 1; }
done

ratio() { printf '%.1f' "$(echo "scale=3; $1 / $2" | bc)"; }
met() { if (($(echo "$1" | bc))); then echo "**met**"; else echo "**missed**"; fi; }
ms() { printf '%.0f' "$(echo "$1 * 1000" | bc)"; }
span() { ms "$(echo "$2 - $1" | bc)"; }
sec() { printf '%.3f' "$1"; }
r_vhv1=$(ratio "$k1c" "$v1"); r_vhv1m=$(ratio "$k1" "$v1m"); r_vhvnm=$(ratio "$vnm" "$kn"); r_ti=$(ratio "$t1w" "$k1")
r_tic=$(ratio "$t1" "$k1c"); r_tis=$(ratio "$t1s" "$k1c"); r_vhvn=$(ratio "$vn" "$knc"); r_scale=$(ratio "$knc" "$k1c")

section=$(cat <<MD
<!-- verify:start -->
## Host verification: the check catalogue over SSH (\`bench/verify.sh\`)

Measured $(date -u +%Y-%m-%d) on $(nproc) cores (load average $load at the start), over SSH to loopback (127.0.30.x,
OpenSSH sshd, one per 10 addresses), median of ${BENCH_RUNS:-3} runs each, all in one run of the script. Warm: kvmforge
through its resident process (alive, holding the SSH sessions of its previous run), testinfra and virt-host-validate
on an SSH master connection left open. Cold: \`kvmforge --no-daemon\` (JVM start and login counted), the others
logging in. Every tool logs in as \`$BENCH_USER\`, without sudo: \`kvmforge
verify\` has no become, so all three run unprivileged as the same user; for the run \`$BENCH_USER\` joins group \`kvm\`
(so /dev/kvm is opened for real) and leaves it at exit. Checks that need root (qemu.conf is 0600, the image directory
0711) end in ERROR for kvmforge and fail for testinfra alike.

| tool | checks | 1 host (s) | $HOSTS hosts (s) |
|---|---|---|---|
| kvmforge verify, warm: built-in catalogue, one probe command per host, forks $FORKS | $k_checks | $(sec "$k1") | $(sec "$kn") |
| kvmforge verify, cold: the same with \`--no-daemon\`, JVM start and SSH login included | $k_checks | $(sec "$k1c") | $(sec "$knc") |
| virt-host-validate qemu over \`ssh host virt-host-validate qemu\` (login counted, as kvmforge's); hosts in turn | $v_checks | $(sec "$v1") | $(sec "$vn") |
| the same on a master connection already open (login not counted) | $v_checks | $(sec "$v1m") | $(sec "$vnm") |
| testinfra ($(dpkg-query -W -f='${Version}' python3-testinfra)): \`bench/verify_testinfra.py\`, ssh config with a ControlPath, warm (master open) | $k_checks | $(sec "$t1w") | |
| testinfra, the same, its master closed after each run (login counted) | $k_checks | $(sec "$t1") | |
| testinfra, the same without a ControlPath (testinfra's default: one SSH login per command) | $k_checks | $(sec "$t1s") | |

Verdicts on one host. kvmforge: $k_verdicts. testinfra reaches the same verdict on **$same** checks (differences:
$differ), with $ti_commands commands over SSH where kvmforge runs one (of $probes probes). virt-host-validate:
$v_verdicts (its hardware-virtualization FAIL goes by CPU flags, which this nested host hides while /dev/kvm works).

- one host, warm: testinfra on its open master takes **${r_ti}x** the time of kvmforge (target: at least 5x):
  $(met "$t1w >= 5 * $k1"); cold, testinfra logging in takes **${r_tic}x** the time of \`kvmforge --no-daemon\`, and
  without a ControlPath **${r_tis}x**.
- one host, cold: kvmforge takes **${r_vhv1}x** the time of virt-host-validate over ssh, login counted for both
  (target: at most 3x): $(met "$k1c <= 3 * $v1").
- one host, warm: kvmforge takes **${r_vhv1m}x** the time of virt-host-validate on an open master connection (target:
  at most 1x): $(met "$k1 <= $v1m"). Of kvmforge's warm time, $(ms "$warm_round_trip") ms is the client alone: a JVM
  start and a round trip to the resident process (\`kvmforge daemon status\`).
- $HOSTS hosts: virt-host-validate over ssh on each host in turn takes **${r_vhvn}x** the time of \`kvmforge --no-daemon\`
  (target: at least 3x): $(met "$vn >= 3 * $knc"); warm, on open master connections, **${r_vhvnm}x** the time of
  kvmforge warm.
- $HOSTS hosts take \`kvmforge --no-daemon\` **${r_scale}x** the time of one (target: under 3x): $(met "$knc < 3 * $k1c").

Where kvmforge's one-host time goes. Medians:

| part | ms |
|---|---|
| JVM start and exit through the launcher (\`kvmforge --version\`) | $(ms "$jvm") |
| the probe command alone ($probes probes), run by OpenSSH on an open master connection | $(ms "$probe") |
| for comparison: an OpenSSH login and \`true\` (\`ssh host true\`, no master) | $(ms "$login") |

One run of \`kvmforge --no-daemon verify\` on one host with \`-Xlog:class+load\` ($(ms "$tl_total") ms in all), phases told apart by the
first class each loads:

| phase | ms |
|---|---|
| JVM start, command line, inventory, catalogue and specs read, up to the first SSH class | $(ms "$tl_sshd") |
| side by side: the SSH client's set-up and login, and the JUnit platform's discovery of the checks, until the host's checks start | $(span "$tl_sshd" "$tl_host") |
| the rest of the login (if the discovery finished first) | $(span "$tl_host" "$tl_exec") |
| the persistent shell's set-up and the probe command | $(span "$tl_exec" "$tl_probed") |
| evaluation and report | $(span "$tl_probed" "$tl_last") |
| the launcher script, JVM creation and exit (wall time less JVM uptime) | $(span "$tl_last" "$tl_total") |
<!-- verify:end -->
MD
)
bench_write_section verify "$section"
echo "$section"
