# Shared set-up for the benchmarks: a test user and one real OpenSSH sshd listening on loopback addresses
# 127.0.30.1..N (never anything outside 127/8), with keys and a known_hosts file of our own.
# Source it; call bench_setup N, then use $BENCH_DIR, $BENCH_USER, $BENCH_KEY, $BENCH_KNOWN, $BENCH_PORT.

BENCH_USER=${BENCH_USER:-kvmbench}
BENCH_PORT=${BENCH_PORT:-2299}
BENCH_DIR=${BENCH_DIR:-/tmp/kvmforge-bench}
BENCH_KEY=$BENCH_DIR/id_ed25519
BENCH_KNOWN=$BENCH_DIR/known_hosts

bench_need() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "installing ${missing[*]}" >&2
    local own_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    ((own_policy)) && rm -f /usr/sbin/policy-rc.d
  fi
  return 0
}

bench_addr() { echo "127.0.30.$1"; }

bench_setup() {
  local hosts=$1
  mkdir -p "$BENCH_DIR"
  id "$BENCH_USER" >/dev/null 2>&1 || useradd -m -s /bin/sh "$BENCH_USER"
  [[ -f $BENCH_KEY ]] || ssh-keygen -q -t ed25519 -N '' -f "$BENCH_KEY"
  [[ -f $BENCH_DIR/host_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -f "$BENCH_DIR/host_ed25519"
  usermod -p '*' "$BENCH_USER"   # no password, but not locked: sshd without PAM refuses locked accounts
  cp "$BENCH_KEY.pub" "$BENCH_DIR/authorized_keys"
  chmod 644 "$BENCH_DIR/authorized_keys"
  bench_teardown
  mkdir -p /run/sshd
  # OpenSSH listens on at most 16 sockets per process: one sshd per 10 addresses
  local first part=0
  for first in $(seq 1 10 "$hosts"); do
    part=$((part + 1))
    {
      for i in $(seq "$first" $((first + 9 < hosts ? first + 9 : hosts))); do
        echo "ListenAddress $(bench_addr "$i"):$BENCH_PORT"
      done
      cat <<CFG
HostKey $BENCH_DIR/host_ed25519
PidFile $BENCH_DIR/sshd.$part.pid
AuthorizedKeysFile $BENCH_DIR/authorized_keys
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
MaxSessions 100
MaxStartups 100:30:200
LogLevel ERROR
AllowUsers $BENCH_USER
CFG
    } > "$BENCH_DIR/sshd_config.$part"
    /usr/sbin/sshd -f "$BENCH_DIR/sshd_config.$part" -E "$BENCH_DIR/sshd.$part.log"
  done
  local hostkey
  hostkey=$(cut -d' ' -f1,2 "$BENCH_DIR/host_ed25519.pub")
  : > "$BENCH_KNOWN"
  for i in $(seq 1 "$hosts"); do echo "[$(bench_addr "$i")]:$BENCH_PORT $hostkey" >> "$BENCH_KNOWN"; done
  for _ in $(seq 50); do
    ssh -q -p "$BENCH_PORT" -i "$BENCH_KEY" -o UserKnownHostsFile="$BENCH_KNOWN" -o BatchMode=yes \
      "$BENCH_USER@$(bench_addr 1)" true 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: sshd did not come up" >&2
  return 1
}

bench_teardown() {
  local f
  for f in "$BENCH_DIR"/sshd.*.pid; do
    [[ -f $f ]] || continue
    kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
}

# bench_time CMD...: wall seconds of one run (3 decimals); output goes to $BENCH_DIR/last.log
bench_time() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" > "$BENCH_DIR/last.log" 2>&1 || { echo "bench: failed: $*" >&2; tail -20 "$BENCH_DIR/last.log" >&2; return 1; }
  t1=$(date +%s%N)
  echo "scale=3; ($t1 - $t0) / 1000000000" | bc
}

# bench_median CMD...: median wall seconds of $BENCH_RUNS runs (default 3)
bench_median() {
  local runs=${BENCH_RUNS:-3} times=()
  for _ in $(seq "$runs"); do times+=("$(bench_time "$@")") || return 1; done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

# bench_write_section NAME TEXT: puts TEXT (which starts and ends with the NAME markers) into docs/benchmarks.md,
# replacing the section of the same name or adding it at the end.
bench_write_section() {
  mkdir -p docs
  [[ -f docs/benchmarks.md ]] || printf '# Benchmarks\n\nFigures written by the scripts under `bench/`; ratios matter more than absolute times (shared, noisy machines).\n' > docs/benchmarks.md
  python3 - "$1" "$2" <<'PY'
import re, sys
path, name, section = "docs/benchmarks.md", sys.argv[1], sys.argv[2]
text = open(path).read()
start, end = "<!-- %s:start -->" % name, "<!-- %s:end -->" % name
if start in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda m: section, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
}
