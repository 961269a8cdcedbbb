#!/usr/bin/env bash
# The start of a kvmforge command, warm, against a trivial Java program on the same JVM and flags (serial GC, C1
# only, class sharing): `kvmforge --version` through the launcher (the client answers it), the client's JVM alone
# (`java -jar kvmforge.jar --version`), and a round trip to the resident process (`kvmforge daemon status`).
# Cold for comparison: `kvmforge --no-daemon --version` goes through picocli in process.
# Writes its figures into docs/benchmarks.md (between the start markers). No network at all.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source bench/lib.sh
bench_need bc
mkdir -p "$BENCH_DIR/start"
work=$BENCH_DIR/start
trap '"$root/kvmforge" daemon stop >/dev/null 2>&1 || true' EXIT
./kvmforge --version > /dev/null   # built, class archive trained
java=$(command -v java)
flags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto)
cat > "$work/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
JAVA
javac -d "$work" "$work/Hello.java"
(cd "$work" && jar cf hello.jar Hello.class)
./kvmforge daemon status > /dev/null
./kvmforge run ping --syntax-check > /dev/null   # the resident process is up
load=$(cut -d' ' -f1-3 /proc/loadavg)
BENCH_RUNS=${BENCH_RUNS:-7}
hello=$(bench_median "$java" "${flags[@]}" -cp "$work/hello.jar" Hello)
version=$(bench_median "$root/kvmforge" --version)
client=$(bench_median "$java" "${flags[@]}" -jar cli/target/kvmforge.jar --version)
trip=$(bench_median "$root/kvmforge" daemon status)
cold=$(bench_median "$root/kvmforge" --no-daemon --version)
ratio() { printf '%.1f' "$(echo "scale=3; $1 / $2" | bc)"; }
met() { if (($(echo "$1" | bc))); then echo "**met**"; else echo "**missed**"; fi; }
section=$(cat <<MD
<!-- start:start -->
## Start: \`kvmforge --version\` against a trivial Java program (\`bench/start.sh\`)

Measured $(date -u +%Y-%m-%d) on $(nproc) cores (load average $load), median of $BENCH_RUNS runs each, one run of the
script; every JVM with serial GC, C1 only and class sharing; the resident process alive.

| what | s |
|---|---|
| a trivial Java program (prints a line), from a jar | $hello |
| \`kvmforge --version\` through the \`./kvmforge\` launcher (warm: the client answers it) | $version |
| the client alone: \`java -jar kvmforge.jar --version\` | $client |
| a round trip to the resident process: \`kvmforge daemon status\` | $trip |
| cold: \`kvmforge --no-daemon --version\` (picocli in process) | $cold |

\`kvmforge --version\` takes **$(ratio "$version" "$hello")x** the trivial program (target: within 1.2x): $(met "$version <= 1.2 * $hello");
the client's JVM alone $(ratio "$client" "$hello")x. What the client adds to the trivial program: opening kvmforge's jar
(25 MB, multi-release) and loading its entry classes; the launcher script adds a \`find\` that checks the jar is
newer than the sources. A command the resident process runs adds a Unix socket connection (whose set-up in the JDK,
a SecureRandom and its providers, is some 40 ms here) and the command itself, warm.
<!-- start:end -->
MD
)
bench_write_section start "$section"
echo "$section"
