#!/usr/bin/env bash
# Prepares this machine for kvmforge's DebianHost (Testcontainers) tests. Idempotent; run as root.
#
#   1. installs Debian's docker.io and mmdebstrap when missing (package scripts start nothing),
#   2. starts `dockerd --bridge=none --iptables=false` in the background when no Docker daemon answers
#      (log: /var/log/kvmforge-dockerd.log); it stays running for later tests,
#   3. builds the base image kvmforge/debian-sshd:bookworm once when missing: a Debian 12 root file system made
#      by mmdebstrap (from Debian's archive, about 40 s) and `docker import`ed.
#
# Docker's default bridge stays off: containers use `--network host` only. Concurrent runs wait for each other.
#
# Environment: KVMFORGE_IMAGE (default kvmforge/debian-sshd:bookworm), KVMFORGE_DEBIAN_MIRROR (default: mmdebstrap's,
# http://deb.debian.org/debian), KVMFORGE_DOCKERD_LOG (default /var/log/kvmforge-dockerd.log).
set -euo pipefail

image=${KVMFORGE_IMAGE:-kvmforge/debian-sshd:bookworm}
dockerd_log=${KVMFORGE_DOCKERD_LOG:-/var/log/kvmforge-dockerd.log}
packages_in_image=openssh-server,sudo,ca-certificates,perl-base,procps,iproute2,mount
# The image's recipe: raise it whenever what goes into the image changes, so machines rebuild it.
recipe=2

say() { echo "prepare-docker: $*" >&2; }
die() { say "$*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (installs packages, starts dockerd, builds $image)"

# One run at a time on this machine: tests in parallel JVMs may all call this script.
exec 9>/run/kvmforge-prepare-docker.lock
flock 9

docker_answers() { timeout 20 docker info >/dev/null 2>&1; }
image_recipe() { docker image inspect -f '{{index .Config.Labels "dev.kvmforge.recipe"}}' "$image" 2>/dev/null; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

own_policy=0
work=
cleanup() {
  ((own_policy)) && rm -f /usr/sbin/policy-rc.d
  [[ -n $work ]] && rm -rf "$work"
  return 0
}
trap cleanup EXIT

# --- 1. packages ----------------------------------------------------------------------------------------------
missing=()
if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
  installed docker.io || missing+=(docker.io)
fi
if ! command -v mmdebstrap >/dev/null; then
  installed mmdebstrap || missing+=(mmdebstrap)
fi
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  # Keep package scripts from starting daemons (dockerd with its default bridge, containerd): we start our own.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
  cleanup
  own_policy=0
fi

# --- 2. dockerd ------------------------------------------------------------------------------------------------
if ! docker_answers; then
  say "starting dockerd --bridge=none --iptables=false (log: $dockerd_log)"
  # setsid + no inherited descriptors: it outlives this script and whoever ran it (a test JVM) without holding
  # their pipes open.
  setsid dockerd --bridge=none --iptables=false </dev/null >>"$dockerd_log" 2>&1 9>&- &
  for _ in $(seq 1 120); do
    docker_answers && break
    sleep 0.5
  done
  docker_answers || die "dockerd did not answer within 60 s; the end of $dockerd_log says:
$(tail -n 20 "$dockerd_log")"
fi

# --- 3. base image ---------------------------------------------------------------------------------------------
have_recipe=$(image_recipe || true)
if [[ $have_recipe != "$recipe" ]]; then
  old_id=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  say "building $image (recipe $recipe) with mmdebstrap: downloads from Debian's archive, about a minute"
  work=$(mktemp -d /var/tmp/kvmforge-image.XXXXXX)
  cat > "$work/kvmforge-sshd" <<'ENTRY'
#!/bin/sh
# Entry point of kvmforge/debian-sshd: host keys of its own, then the given command (by default sshd on
# 127.0.0.1:22 in the foreground, logging to stderr). kvmforge's DebianHost replaces the command with its own
# start script.
set -e
mkdir -p -m 0755 /run/sshd
ls /etc/ssh/ssh_host_*_key >/dev/null 2>&1 || ssh-keygen -A
if [ "$#" -eq 0 ]; then
  set -- /usr/sbin/sshd -D -e -o ListenAddress=127.0.0.1
fi
exec "$@"
ENTRY
  chmod 755 "$work/kvmforge-sshd"
  mirror=()
  [[ -n ${KVMFORGE_DEBIAN_MIRROR:-} ]] && mirror=("$KVMFORGE_DEBIAN_MIRROR")
  mmdebstrap --quiet --variant=apt --include="$packages_in_image" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --aptopt='Acquire::Languages "none"' \
    --customize-hook='rm -f "$1"/etc/ssh/ssh_host_*' \
    --customize-hook="install -m 755 $work/kvmforge-sshd \"\$1\"/usr/local/sbin/kvmforge-sshd" \
    --customize-hook='echo kvmforge-debian > "$1"/etc/hostname' \
    bookworm "$work/rootfs.tar" "${mirror[@]}"
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENTRYPOINT ["/usr/local/sbin/kvmforge-sshd"]' \
    --change 'CMD []' \
    --change "LABEL dev.kvmforge.recipe=$recipe" \
    --message "kvmforge: Debian 12 with ${packages_in_image} (mmdebstrap --variant=apt)" \
    "$work/rootfs.tar" "$image" >/dev/null
  # the replaced image goes unless a container still uses it
  [[ -n $old_id ]] && docker image rm "$old_id" >/dev/null 2>&1 || true
  say "built $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%d MB", $1/1000000}'))"
fi

say "ready: $(docker version -f 'Docker {{.Server.Version}}'), image $image"
