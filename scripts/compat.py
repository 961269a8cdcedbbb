#!/usr/bin/env python3
"""Measures how much of others' Ansible content kvmforge runs, and writes the figures into docs/compatibility.md.

Two corpora, both read from checkouts (this script fetches nothing: give it a directory of git repositories,
OWNER+NAME/repo, as `git clone https://github.com/OWNER/NAME DIR/OWNER+NAME/repo` makes them):

  * published KVM/libvirt host roles: each wrapped in a one-play playbook (become, the role), then
    `kvmforge run --syntax-check` and `kvmforge run --check`;
  * Ansible's own integration targets (ansible/ansible, test/integration/targets): a target with tasks/main.yml
    runs as a role on `testhost`; a target driven by runme.sh has each playbook its `ansible-playbook` lines name
    run with their -i/-e/--tags; for each, how many task results pass (ok, changed, skipped) and fail.

Everything runs in a throwaway container of the testkit's Debian image with no network (--network none), as root,
with this machine's JDK and kvmforge jar mounted read-only and a copy of its apt lists (so `apt-get -s` can plan):
nothing on this machine changes, and no traffic leaves the container.

usage: scripts/compat.py [--mirror DIR] [--out docs/compatibility.md] [--only NAME...]
"""

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGE = "kvmforge/debian-sshd:bookworm"
JDK = "/usr/lib/jvm/java-17-openjdk-amd64"

# (repository, the role's name as a play uses it)
ROLES = [
    ("stackhpc/ansible-role-libvirt-host", "libvirt-host"),
    ("mrlesmithjr/ansible-kvm", "ansible-kvm"),
    ("jomrr/ansible-role-libvirtd", "libvirtd"),
    ("giovtorres/ansible-role-kvm", "kvm"),
    ("it-infra-be/ansible-role-kvm", "kvm"),
    ("de-it-krachten/ansible-role-kvm", "kvm"),
    ("crgwilson/ansible-role-libvirt-host", "libvirt-host"),
    ("godleon/ansible-role-kvm_host", "kvm_host"),
    ("chzerv/ansible-role-libvirt", "libvirt"),
]

# Ansible's integration targets for the features kvmforge claims (roles, includes, keywords, the modules it has)
TARGETS = [
    "include_import", "includes", "import_tasks", "roles", "blocks", "handlers", "loops", "loop_control",
    "set_fact", "register", "conditionals", "tags", "var_precedence", "var_blending", "changed_when",
    "failed_when", "ignore_errors", "check_mode", "until", "assert", "debug", "lineinfile", "file", "copy",
    "stat", "command_shell", "template", "include_vars", "user", "service", "ping", "keyword_inheritance",
    "any_errors_fatal", "omit",
]

PASS = {"ok", "changed", "skipped"}


def git_export(mirror, repo, dest, subdir=None):
    owner, name = repo.split("/")
    base = os.path.join(mirror, owner + "+" + name, "repo")
    git_dir = os.path.join(base, ".git") if os.path.isdir(os.path.join(base, ".git")) else base
    commit = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "--short", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    os.makedirs(dest, exist_ok=True)
    tree = "HEAD" + (":" + subdir if subdir else "")
    archive = subprocess.run(["git", "--git-dir", git_dir, "archive", "--format=tar", tree], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", dest], input=archive, check=True)
    return commit


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def playbook_lines(runme):
    """The ansible-playbook invocations of a runme.sh, as (playbook, [kvmforge options])."""
    out = []
    for line in open(runme, errors="replace"):
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(?:ANSIBLE_\w+=\S+\s+)*ansible-playbook\s+(.*)$", line)
        if not m:
            continue
        words = m.group(1).replace('"$@"', "").replace("$@", "").split()
        book, opts, i = None, [], 0
        while i < len(words):
            w = words[i]
            if w in ("-i", "-e", "--extra-vars", "--tags", "-t", "--skip-tags", "-l", "--limit") and i + 1 < len(words):
                opts += [w, words[i + 1].strip("'\"")]
                i += 2
                continue
            if w in ("--check", "-C", "--diff", "-D", "--syntax-check", "--list-tasks") or re.match(r"^-v+$", w):
                opts.append(w)
            elif re.match(r"^[\w./-]+\.ya?ml$", w) and book is None:
                book = w
            elif w.startswith("-"):
                opts = None  # an option kvmforge's run has no equivalent of: counted as not run
                break
            i += 1
        if book and opts is not None and "|" not in line and "&&" not in line:
            out.append((book, opts))
    return out


DRIVER = r"""#!/bin/sh
# runs inside the container: one line per case of /corpus/cases, results under /corpus/out
cp -a /corpus/apt-lists/. /var/lib/apt/lists/ 2>/dev/null
mkdir -p /corpus/out
while IFS='|' read -r id dir args; do
  [ -n "$id" ] || continue
  cd "$dir" || continue
  export ANSIBLE_ROLES_PATH=/corpus/targets
  # shellcheck disable=SC2086
  timeout 300 java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar /opt/kvmforge.jar run $args \
      --json "/corpus/out/$id.jsonl" >"/corpus/out/$id.out" 2>"/corpus/out/$id.err" </dev/null
  echo $? >"/corpus/out/$id.rc"
done </corpus/cases
"""


def run_container(work, jar):
    write(os.path.join(work, "driver.sh"), DRIVER)
    os.chmod(os.path.join(work, "driver.sh"), 0o755)
    shutil.copytree("/var/lib/apt/lists", os.path.join(work, "apt-lists"), ignore=shutil.ignore_patterns("lock", "partial"))
    cmd = ["docker", "run", "--rm", "--network", "none", "--entrypoint", "/corpus/driver.sh",
           "-e", "PATH=" + JDK + "/bin:/usr/sbin:/usr/bin:/sbin:/bin",
           "-v", JDK + ":" + JDK + ":ro", "-v", "/etc/java-17-openjdk:/etc/java-17-openjdk:ro", "-v", jar + ":/opt/kvmforge.jar:ro", "-v", work + ":/corpus", IMAGE]
    subprocess.run(cmd, check=True)


def results(work, case):
    """(passed, failed, first failure, exit code, error line) of one case."""
    out = os.path.join(work, "out", case)
    rc = int(open(out + ".rc").read().strip()) if os.path.exists(out + ".rc") else -1
    passed, failed, first = 0, 0, None
    if os.path.exists(out + ".jsonl"):
        for line in open(out + ".jsonl"):
            e = json.loads(line)
            if e.get("event") != "host_result" or e.get("item") is not None:
                continue
            if e["status"] in PASS or e.get("ignored"):
                passed += 1
            else:
                failed += 1
                if first is None:
                    first = "%s: %s" % (e["task"], (e.get("message") or "").splitlines()[0][:160] if e.get("message") else e["status"])
    err = ""
    if os.path.exists(out + ".err"):
        lines = [l.strip() for l in open(out + ".err", errors="replace") if l.strip()]
        err = lines[0][:220] if lines else ""
    return passed, failed, first, rc, err


def cell(text):
    return (text or "").replace("|", "\\|").replace("\n", " ").replace(os.sep + "corpus" + os.sep, "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror", default="/work/.mirror")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "compatibility.md"))
    ap.add_argument("--only", nargs="*")
    a = ap.parse_args()
    subprocess.run([os.path.join(ROOT, "kvmforge"), "--version"], check=True, capture_output=True)
    jar = os.path.join(ROOT, "cli", "target", "kvmforge.jar")
    work = tempfile.mkdtemp(prefix="kvmforge-compat-")
    cases, role_rows, target_rows = [], [], []
    inventory = "testhost ansible_connection=local\nlocalhost ansible_connection=local\n"
    write(os.path.join(work, "inventory"), inventory)

    for repo, name in ROLES:
        if a.only and repo not in a.only:
            continue
        cid = "role-" + repo.replace("/", "+")
        case_dir = os.path.join(work, "roles", cid)
        commit = git_export(a.mirror, repo, os.path.join(case_dir, "roles", name))
        write(os.path.join(case_dir, "site.yml"), "- hosts: testhost\n  become: true\n  roles:\n    - %s\n" % name)
        d = "/corpus/roles/" + cid
        cases.append((cid + ".syntax", d, "site.yml -i /corpus/inventory --syntax-check"))
        cases.append((cid + ".check", d, "site.yml -i /corpus/inventory --check"))
        role_rows.append((repo, commit, cid))

    tcommit = git_export(a.mirror, "ansible/ansible", os.path.join(work, "targets"), "test/integration/targets")
    for t in TARGETS:
        if a.only and t not in a.only:
            continue
        tdir = os.path.join(work, "targets", t)
        if not os.path.isdir(tdir):
            continue
        runs = []
        if os.path.exists(os.path.join(tdir, "runme.sh")):
            for i, (book, opts) in enumerate(playbook_lines(os.path.join(tdir, "runme.sh"))):
                if "--syntax-check" not in opts and not any(o == "-i" for o in opts):
                    opts = ["-i", "/corpus/inventory"] + opts
                runs.append(("t-%s-%d" % (t, i), "/corpus/targets/" + t, " ".join([book] + opts), book))
        elif os.path.exists(os.path.join(tdir, "tasks", "main.yml")):
            write(os.path.join(work, "target-plays", t, "site.yml"),
                  "- hosts: testhost\n  gather_facts: true\n  vars:\n    output_dir: /tmp/output_%s\n"
                  "    remote_tmp_dir: /tmp/remote_tmp_%s\n  roles:\n    - %s\n" % (t, t, t))
            runs.append(("t-%s-0" % t, "/corpus/target-plays/" + t, "site.yml -i /corpus/inventory", "tasks/main.yml"))
        for r in runs:
            cases.append(r[:3])
        target_rows.append((t, runs))

    write(os.path.join(work, "cases"), "".join("%s|%s|%s\n" % c for c in cases))
    run_container(work, jar)

    today = datetime.date.today().isoformat()
    lines = ["<!-- compat:start -->",
             "Measured %s by `scripts/compat.py` (a throwaway `%s` container, no network, root, local"
             " connection), kvmforge %s." % (today, IMAGE, subprocess.run(["git", "-C", ROOT, "rev-parse", "--short",
                                                                          "HEAD"], capture_output=True, text=True).stdout.strip()),
             "", "### Published KVM/libvirt host roles (`--syntax-check`, then `--check`)", "",
             "| role | commit | syntax-check | check: results passed / failed | first failure |", "|---|---|---|---|---|"]
    syntax_ok = check_ok = 0
    for repo, commit, cid in role_rows:
        sp, sf, sfirst, src, serr = results(work, cid + ".syntax")
        syntax = "pass" if src == 0 else "exit %d" % src
        if src == 0:
            syntax_ok += 1
        cp, cf, cfirst, crc, cerr = results(work, cid + ".check")
        check = "%d / %d (exit %d)" % (cp, cf, crc)
        if crc == 0:
            check_ok += 1
        first = cfirst or (cerr if crc != 0 else "")
        first = first if src == 0 else serr
        lines.append("| [%s](https://github.com/%s) | %s | %s | %s | %s |" % (repo, repo, commit, syntax, check,
                                                                            cell(first)))
    lines += ["", "**%d of %d** pass `--syntax-check`; **%d of %d** run `--check` to the end without a failure."
              % (syntax_ok, len(role_rows), check_ok, len(role_rows)), ""]
    lines += ["### Ansible's integration targets (ansible/ansible %s, `test/integration/targets`)" % tcommit, "",
              "| target | playbooks run | task results passed / failed | playbooks stopped before running | first failure |",
              "|---|---|---|---|---|"]
    tp = tf = 0
    for t, runs in target_rows:
        p = f = stopped = 0
        first = ""
        for cid, _, args, book in runs:
            rp, rf, rfirst, rc, err = results(work, cid)
            p += rp
            f += rf
            if rc in (1, 4, 5):
                stopped += 1
                first = first or "%s: %s" % (book, err)
            elif rfirst:
                first = first or "%s: %s" % (book, rfirst)
        tp += p
        tf += f
        lines.append("| %s | %d | %d / %d | %d | %s |" % (t, len(runs), p, f, stopped, cell(first)))
    total = tp + tf
    lines += ["", "Task results over all targets: **%d passed, %d failed** (%.0f%%)." % (tp, tf, 100.0 * tp / total if total else 0),
              "<!-- compat:end -->"]
    block = "\n".join(lines) + "\n"
    text = open(a.out).read() if os.path.exists(a.out) else "# Compatibility with Ansible content\n\n<!-- compat:start -->\n<!-- compat:end -->\n"
    text = re.sub(r"<!-- compat:start -->.*<!-- compat:end -->\n?", lambda m: block, text, flags=re.S)
    write(a.out, text)
    print(block)
    print("work files kept in", work, file=sys.stderr)


if __name__ == "__main__":
    main()
