"""kvmforge verify's built-in catalogue, written for testinfra (python3-testinfra), for bench/verify.sh.

One test per check of checks/src/main/java/dev/kvmforge/checks/catalogue/ (HypervisorChecks, LibvirtChecks,
QemuChecks), named after its id. Each reads the same files, devices, modules, config keys and processes as the
check's probes (checks/.../probe/), with testinfra's host.file, host.run, host.process, host.user and host.exists,
and decides the same verdict with the same rules:

    PASS  the test passes                     WARN  the test passes with a warning
    SKIP  the test is skipped                 FAIL, ERROR  the test fails ("FAIL ..." or "ERROR ...")

Each test records its check id and verdict as JUnit XML properties (check, verdict), so that bench/verify.sh can
compare them, check by check, with kvmforge's JSON report. Run:

    py.test -p no:cacheprovider --hosts=ssh://kvmbench@127.0.30.1:2299 --ssh-config=FILE bench/verify_testinfra.py
"""

import re
import warnings

import pytest

IMAGES = "/var/lib/libvirt/images"


def verdict(record_property, check, outcome, message):
    """Reports the check's verdict the pytest way, and records it for the comparison with kvmforge."""
    record_property("check", check)
    record_property("verdict", outcome)
    if outcome == "PASS":
        return
    if outcome == "WARN":
        warnings.warn("%s: %s" % (check, message))
        return
    if outcome == "SKIP":
        pytest.skip("%s: %s" % (check, message))
    pytest.fail("%s %s: %s" % (outcome, check, message), pytrace=False)


def char_device(host, path):
    return host.run_test("test -c %s", path).rc == 0


def read_write(host, path):
    return host.run_test("test -r %s -a -w %s", path, path).rc == 0


def enabled_links(host):
    """What starts at boot: systemd wants links, SysV S links, OpenRC runlevels (EnabledUnits' probe)."""
    out = host.run("ls -d /etc/systemd/system/*.wants/* /etc/rc[2345].d/S* /etc/runlevels/*/* 2>/dev/null")
    return [line.strip() for line in out.stdout.splitlines() if line.strip()]


def enabled(links, unit):
    service = unit[: -len(".service")] if unit.endswith(".service") else None
    for link in links:
        name = link.rsplit("/", 1)[-1]
        if link.startswith("/etc/systemd/system/") and ".wants/" in link and name == unit:
            return True
        if service and link.startswith("/etc/rc") and re.fullmatch(r"S[0-9]*" + re.escape(service), name):
            return True
        if service and link.startswith("/etc/runlevels/") and name == service:
            return True
    return False


def libvirt_conf(text):
    """A libvirt config file's settings (name -> value: int, str or list of str); the first of a name counts."""
    clean = []
    for line in text.splitlines():
        out, quoted = [], False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            if ch == "#" and not quoted:
                break
            out.append(ch)
        clean.append("".join(out))
    settings = {}
    for m in re.finditer(r'(\w+)\s*=\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\]|[-+]?\d+)', "\n".join(clean)):
        name, raw = m.group(1), m.group(2)
        if raw.startswith('"'):
            value = raw[1:-1]
        elif raw.startswith("["):
            value = re.findall(r'"((?:[^"\\]|\\.)*)"', raw)
        else:
            value = int(raw)
        settings.setdefault(name, value)
    return settings


def config_file(host, path):
    """(state, settings): state is missing, unreadable or present (ConfigFile's probe)."""
    f = host.file(path)
    if not f.exists:
        return "missing", {}
    if host.run_test("test -r %s", path).rc != 0:
        return "unreadable", {}
    return "present", libvirt_conf(f.content_string)


@pytest.fixture(scope="module")
def cpuinfo(host):
    return host.file("/proc/cpuinfo").content_string


def cpu_field(cpuinfo, name):
    m = re.search(r"^%s\s*:(.*)$" % name, cpuinfo, re.M)
    return m.group(1).strip() if m else ""


@pytest.fixture(scope="module")
def kvm(host, cpuinfo):
    """The KVM facts, as the runner's KvmFacts probe gathers them: flags, /dev/kvm tried through the KVM API."""
    flags = " %s " % cpu_field(cpuinfo, "flags")
    k = {
        "vendor": cpu_field(cpuinfo, "vendor_id"),
        "flag": "vmx" if " vmx " in flags else "svm" if " svm " in flags else "",
        "hypervisor": " hypervisor " in flags,
        "devkvm": host.file("/dev/kvm").exists,
        "modules": [m for m in host.file("/sys/module").listdir() if m.startswith("kvm")],
        "probe": "none",
        "usable": False,
        "probe_error": "",
        "bios_lock": "unknown",
    }
    for vendor in ("kvm_intel", "kvm_amd"):
        p = host.file("/sys/module/%s/parameters/nested" % vendor)
        if p.exists:
            k["nested"] = p.content_string.strip()
            break
    if not k["devkvm"]:
        k["probe_error"] = "/dev/kvm does not exist"
    elif host.exists("perl"):
        k["probe"] = "kvm-api"
        out = host.run(
            "perl -e 'open(my $k, \"+<\", \"/dev/kvm\") or do { print \"probe_error=cannot open /dev/kvm: $!\\n\";"
            " exit 0 }; my $v = ioctl($k, 0xAE00, 0); print \"api=\", ($v // 0) + 0, \"\\n\";"
            " my $vm = ioctl($k, 0xAE01, 0); if (defined $vm) { print \"usable=1\\n\" }"
            " else { print \"probe_error=KVM_CREATE_VM failed: $!\\n\" }'"
        )
        for line in out.stdout.splitlines():
            key, _, value = line.partition("=")
            if key == "usable":
                k["usable"] = value == "1"
            elif key == "probe_error":
                k["probe_error"] = value
    elif host.exists("qemu-system-x86_64"):
        k["probe"] = "qemu"
        out = host.run(
            "printf '%s\\n' '{\"execute\":\"qmp_capabilities\"}' '{\"execute\":\"query-kvm\"}' '{\"execute\":\"quit\"}'"
            " | timeout 20 qemu-system-x86_64 -machine none,accel=kvm -nodefaults -nographic -S -qmp stdio 2>&1"
        )
        k["usable"] = '"enabled": true' in out.stdout
        if not k["usable"]:
            k["probe_error"] = next((l for l in out.stdout.splitlines() if not l.startswith("{")), "")
    else:
        k["probe_error"] = "neither perl nor qemu-system-x86_64 is there to open /dev/kvm"
    if host.run_test("test -r /dev/cpu/0/msr").rc == 0:
        skip = {"GenuineIntel": 58, "AuthenticAMD": 3221291284}.get(k["vendor"])
        if skip is not None:
            b = host.run("dd if=/dev/cpu/0/msr bs=8 count=1 skip=%s iflag=skip_bytes 2>/dev/null | od -An -tu8", str(skip))
            if b.stdout.strip():
                v = int(b.stdout.strip())
                off = (v & 1 and not v & 4) if skip == 58 else v & 16
                k["bios_lock"] = "disabled" if off else "enabled"
    virt = host.run("systemd-detect-virt").stdout.strip()
    if not virt or virt == "none":
        dmi = host.run("cat /sys/class/dmi/id/sys_vendor /sys/class/dmi/id/product_name").stdout
        virt = "qemu" if "QEMU" in dmi else "kvm" if "KVM" in dmi else "vm" if k["hypervisor"] else "none"
    k["host_virt"] = virt
    return k


# ---- HV-*: HypervisorChecks ----


def test_HV_CPU_VIRT(host, kvm, record_property):
    if kvm["bios_lock"] == "disabled":
        return verdict(record_property, "HV-CPU-VIRT", "FAIL", "virtualization is turned off in the firmware")
    if kvm["usable"]:
        return verdict(record_property, "HV-CPU-VIRT", "PASS", "KVM works (flags: %s)" % (kvm["flag"] or "hidden"))
    if not kvm["devkvm"]:
        return verdict(record_property, "HV-CPU-VIRT", "FAIL", "no /dev/kvm")
    if kvm["probe_error"].startswith("cannot open") or kvm["probe"] == "none":
        outcome = "PASS" if kvm["flag"] else "WARN"
        return verdict(record_property, "HV-CPU-VIRT", outcome, "/dev/kvm not tried: " + kvm["probe_error"])
    verdict(record_property, "HV-CPU-VIRT", "FAIL", kvm["probe_error"])


def test_HV_DEV_KVM(host, kvm, record_property):
    if char_device(host, "/dev/kvm"):
        return verdict(record_property, "HV-DEV-KVM", "PASS", "/dev/kvm is a character device")
    verdict(record_property, "HV-DEV-KVM", "FAIL", "/dev/kvm is not a character device" if kvm["devkvm"]
            else "/dev/kvm does not exist")


def test_HV_DEV_KVM_ACCESS(host, kvm, record_property):
    node = host.file("/dev/kvm")
    if not node.exists:
        return verdict(record_property, "HV-DEV-KVM-ACCESS", "SKIP", "there is no /dev/kvm to open")
    mode, owner, group = node.mode, node.user, node.group
    user = host.user()
    name, uid = user.name, user.uid
    groups = host.check_output("id -Gn").split()  # this session's groups, as the login-user probe reads them
    kvm_group = host.run("getent group kvm")
    members = kvm_group.stdout.strip().split(":")[3].split(",") if kvm_group.rc == 0 else []
    if kvm["probe"] == "kvm-api":
        access = not kvm["probe_error"].startswith("cannot open")
    else:
        access = read_write(host, "/dev/kvm")
    if access:
        return verdict(record_property, "HV-DEV-KVM-ACCESS", "PASS", "%s (uid %d) opens /dev/kvm (%o %s:%s, groups %s)"
                       % (name, uid, mode, owner, group, " ".join(groups)))
    why = "listed in kvm, not in this session" if name in members and "kvm" not in groups else "not in group kvm"
    verdict(record_property, "HV-DEV-KVM-ACCESS", "FAIL", "%s cannot open /dev/kvm: %s" % (name, why))


def test_HV_DEV_VHOST(host, record_property):
    if char_device(host, "/dev/vhost-net"):
        return verdict(record_property, "HV-DEV-VHOST", "PASS", "/dev/vhost-net is a character device")
    verdict(record_property, "HV-DEV-VHOST", "WARN", "no /dev/vhost-net character device")


def test_HV_DEV_TUN(host, record_property):
    if char_device(host, "/dev/net/tun"):
        return verdict(record_property, "HV-DEV-TUN", "PASS", "/dev/net/tun is a character device")
    verdict(record_property, "HV-DEV-TUN", "FAIL", "no /dev/net/tun character device")


def test_HV_CGROUPS(host, record_property):
    mounts = host.file("/proc/mounts").content_string.splitlines()
    v1 = set()
    v2_mount = ""
    for line in mounts:
        f = line.split()
        if len(f) >= 4 and f[2] == "cgroup":
            v1.update(f[3].split(","))
        elif len(f) >= 3 and f[2] == "cgroup2" and not v2_mount:
            v2_mount = f[1]
    v2 = set()
    if v2_mount:
        own = host.run("sed -n 's/^0:://p' /proc/self/cgroup").stdout.strip()
        out = host.run("cat %s || cat %s", v2_mount + own + "/cgroup.controllers", v2_mount + "/cgroup.controllers")
        v2 = set(out.stdout.split())
    v2_in_use = "memory" in v2 or "cpu" in v2
    wanted = {"cpu": "cpu", "cpuacct": "cpu", "cpuset": "cpuset", "memory": "memory", "devices": "", "blkio": "io"}
    missing = [c for c, c2 in wanted.items()
               if c not in v1 and not (c2 and c2 in v2) and not (not c2 and v2_in_use)]
    if not missing:
        return verdict(record_property, "HV-CGROUPS", "PASS", "all controllers available")
    verdict(record_property, "HV-CGROUPS", "WARN", "missing cgroup controllers: " + ", ".join(missing))


def test_HV_IOMMU(host, cpuinfo, record_property):
    arch = host.check_output("uname -m")
    tables = [t for t in ("DMAR", "IVRS", "IORT", "VIOT") if host.file("/sys/firmware/acpi/tables/" + t).exists]
    groups_dir = host.file("/sys/kernel/iommu_groups")
    groups = len(groups_dir.listdir()) if groups_dir.is_directory else -1
    host.file("/proc/cmdline").content_string  # the kernel command line, read as the probe reads it
    if groups > 0:
        return verdict(record_property, "HV-IOMMU", "PASS", "%d IOMMU groups" % groups)
    if tables:
        return verdict(record_property, "HV-IOMMU", "WARN", "ACPI %s but no IOMMU groups" % ", ".join(tables))
    x86 = arch == "x86_64" or re.fullmatch(r"i[3-6]86", arch)
    verdict(record_property, "HV-IOMMU", "WARN", "no IOMMU on this %s%s host"
            % (cpu_field(cpuinfo, "vendor_id") + " " if x86 else "", arch))


def test_HV_SECURE_GUEST(host, cpuinfo, record_property):
    arch = host.check_output("uname -m")
    flags = " %s " % cpu_field(cpuinfo, "flags")
    cpu_sev = [x for x in ("sev", "sev_es", "sev_snp") if " %s " % x in flags]
    kvm_amd = {}
    for x in ("sev", "sev_es", "sev_snp"):
        p = host.file("/sys/module/kvm_amd/parameters/" + x)
        if p.exists:
            kvm_amd[x] = p.content_string.strip()
    dev_sev = host.file("/dev/sev").exists
    uv = host.file("/sys/firmware/uv/prot_virt_host")
    prot_virt = uv.content_string.strip() if uv.exists else ""
    facility158 = re.search(r"^facilities.*\s158(\s|$)", cpuinfo, re.M) is not None
    on = lambda x: kvm_amd.get(x, "") in ("Y", "1")  # noqa: E731
    if arch.startswith("s390"):
        if not facility158 and not prot_virt:
            return verdict(record_property, "HV-SECURE-GUEST", "SKIP", "no Secure Execution on this s390x")
        outcome = "PASS" if prot_virt == "1" else "WARN"
        return verdict(record_property, "HV-SECURE-GUEST", outcome, "prot_virt_host = %s" % prot_virt)
    if not ("sev" in cpu_sev or dev_sev or on("sev")):
        return verdict(record_property, "HV-SECURE-GUEST", "SKIP", "not applicable: no AMD SEV")
    if on("sev") and dev_sev:
        return verdict(record_property, "HV-SECURE-GUEST", "PASS", "AMD SEV enabled in kvm_amd; /dev/sev present")
    verdict(record_property, "HV-SECURE-GUEST", "WARN", "the CPU offers AMD SEV but it is not usable")


# ---- LV-*: LibvirtChecks ----


def host_processes(host, names):
    """This host's processes of these commands; one whose mount namespace differs from ours is in a container."""
    me = host.run("readlink /proc/self/ns/mnt").stdout.strip()
    found = []
    for p in host.process.filter():
        if p.comm in names or any(p.comm.startswith(n[:-1]) for n in names if n.endswith("*")):
            ns = host.run("readlink /proc/%s/ns/mnt", str(p.pid)).stdout.strip()
            if not (ns and me and ns != me):
                found.append(p)
    return found


def test_LV_DAEMONS(host, record_property):
    init = host.file("/proc/1/comm").content_string.strip()
    running = {p.comm for p in host_processes(host, {"libvirtd", "virtqemud", "virtlogd"})}
    links = enabled_links(host)
    boot_daemon = [u for u in ("libvirtd.service", "libvirtd.socket", "virtqemud.service", "virtqemud.socket")
                   if enabled(links, u)]
    boot_log = [u for u in ("virtlogd.socket", "virtlogd.service") if enabled(links, u)]
    socket_activation = init == "systemd"
    daemon = bool({"libvirtd", "virtqemud"} & running) or socket_activation and (
        enabled(links, "libvirtd.socket") or enabled(links, "virtqemud.socket"))
    log = "virtlogd" in running or socket_activation and enabled(links, "virtlogd.socket")
    if not daemon or not log:
        return verdict(record_property, "LV-DAEMONS", "FAIL", "running: %s" % ", ".join(sorted(running)))
    if not boot_daemon or not boot_log:
        return verdict(record_property, "LV-DAEMONS", "WARN", "not enabled at boot: %s %s" % (boot_daemon, boot_log))
    verdict(record_property, "LV-DAEMONS", "PASS", "%s run; enabled: %s" % (", ".join(sorted(running)),
                                                                          ", ".join(boot_daemon + boot_log)))


def test_LV_TCP_NOAUTH(host, record_property):
    links = enabled_links(host)
    open_, unencrypted, seen = [], [], []
    for daemon, path, socket in (("libvirtd", "/etc/libvirt/libvirtd.conf", "libvirtd-tcp.socket"),
                                 ("virtproxyd", "/etc/libvirt/virtproxyd.conf", "virtproxyd-tcp.socket")):
        state, conf = config_file(host, path)
        if state == "unreadable":
            return verdict(record_property, "LV-TCP-NOAUTH", "ERROR", "cannot read " + path)
        sock = enabled(links, socket)
        if state == "missing" and not sock:
            continue
        listen = conf.get("listen_tcp", 0) != 0
        auth = str(conf.get("auth_tcp", "sasl"))
        seen.append("%s: listen_tcp = %s, auth_tcp = %s, %s %s" % (daemon, int(listen), auth, socket, sock))
        if not listen and not sock:
            continue
        (open_ if auth == "none" else unencrypted).append(daemon)
    if open_:
        return verdict(record_property, "LV-TCP-NOAUTH", "FAIL", "no TCP authentication: " + ", ".join(open_))
    if unencrypted:
        return verdict(record_property, "LV-TCP-NOAUTH", "WARN", "unencrypted TCP: " + ", ".join(unencrypted))
    if not seen:
        return verdict(record_property, "LV-TCP-NOAUTH", "SKIP", "no libvirtd.conf or virtproxyd.conf")
    verdict(record_property, "LV-TCP-NOAUTH", "PASS", "no TCP listener: " + "; ".join(seen))


def test_LV_IMAGE_PERMS(host, record_property):
    d = host.file(IMAGES)
    if not d.is_directory:
        return verdict(record_property, "LV-IMAGE-PERMS", "SKIP", "there is no " + IMAGES)
    listing = host.run("find %s -xdev -mindepth 1 -maxdepth 3 -type f -exec stat -c '%%a|%%n' {} +", IMAGES)
    problems = []
    if d.mode & 0o002:
        problems.append("%s is writable by others" % IMAGES)
    elif d.mode & 0o004:
        problems.append("%s can be listed by others" % IMAGES)
    files = [line.split("|", 1) for line in listing.stdout.splitlines() if "|" in line]
    open_files = [name for mode, name in files if int(mode, 8) & 0o006]
    if open_files:
        problems.append("open to others: " + ", ".join(open_files[:5]))
    if problems:
        return verdict(record_property, "LV-IMAGE-PERMS", "FAIL", "; ".join(problems))
    if listing.rc != 0:
        return verdict(record_property, "LV-IMAGE-PERMS", "ERROR", "images not all listed: " + listing.stderr.strip())
    verdict(record_property, "LV-IMAGE-PERMS", "PASS", "%o; %d images, none open to others" % (d.mode, len(files)))


# ---- QEMU-*: QemuChecks ----


def security_modules(host):
    lsm = host.run("cat /sys/kernel/security/lsm").stdout.strip()
    apparmor = host.run("cat /sys/module/apparmor/parameters/enabled").stdout.strip()
    names = " %s " % lsm.replace(",", " ")
    active = set()
    if apparmor == "Y" or " apparmor " in names:
        active.add("apparmor")
    if host.file("/sys/fs/selinux").is_directory or " selinux " in names:
        active.add("selinux")
    return active


def test_QEMU_SEC_DRIVER(host, record_property):
    state, conf = config_file(host, "/etc/libvirt/qemu.conf")
    active = security_modules(host)
    if state == "unreadable":
        return verdict(record_property, "QEMU-SEC-DRIVER", "ERROR", "cannot read /etc/libvirt/qemu.conf")
    if state == "missing":
        return verdict(record_property, "QEMU-SEC-DRIVER", "SKIP", "there is no /etc/libvirt/qemu.conf")
    drivers = conf.get("security_driver", [])
    drivers = drivers if isinstance(drivers, list) else [str(drivers)]
    if "none" in drivers:
        return verdict(record_property, "QEMU-SEC-DRIVER", "FAIL", 'security_driver = "none"')
    if not drivers:
        outcome = "PASS" if active else "WARN"
        return verdict(record_property, "QEMU-SEC-DRIVER", outcome, "security_driver unset; LSMs: %s" % active)
    if [x for x in drivers if x != "dac" and x not in active]:
        return verdict(record_property, "QEMU-SEC-DRIVER", "WARN", "security_driver not enabled in the kernel")
    verdict(record_property, "QEMU-SEC-DRIVER", "PASS", "security_driver = %s" % drivers)


def test_QEMU_NONROOT(host, record_property):
    state, conf = config_file(host, "/etc/libvirt/qemu.conf")
    if state == "unreadable":
        return verdict(record_property, "QEMU-NONROOT", "ERROR", "cannot read /etc/libvirt/qemu.conf")
    guests = [p for p in host_processes(host, {"qemu-system-*", "qemu-kvm"}) if "guest=" in p.args]
    if state == "missing" and not guests:
        return verdict(record_property, "QEMU-NONROOT", "SKIP", "no qemu.conf and no libvirt guest")
    if str(conf.get("user", "")).strip() in ("root", "+0", "0"):
        return verdict(record_property, "QEMU-NONROOT", "FAIL", "qemu.conf: user = root")
    as_root = [p.pid for p in guests if p.euid == 0]
    if as_root:
        return verdict(record_property, "QEMU-NONROOT", "FAIL", "guests run as root: %s" % as_root)
    verdict(record_property, "QEMU-NONROOT", "PASS", "%d guests, none as root" % len(guests))
