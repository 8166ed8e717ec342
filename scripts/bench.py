#!/usr/bin/env python3
"""Benchmark of the synth, against the targets of the README's "Speed" section.

1. The app's synth process (bin/app, every environment) and the JavaScript peer
   (bench/js-peer/main.js: the same objects of every environment, in the same folder layout, as a
   plain cdk8s app on Node with constructs of the same shape), run in turn (app, peer, app, peer, ...) so both see the
   same machine load, plus bin/app without its launch cache (DATALAYER_LAUNCH_CACHE=off) to show
   what the cache buys. Medians of wall time, CPU time and peak RSS, and the median of the app/peer ratio
   taken pair by pair. The peer's output must equal the app's dist/ byte for byte, file for file
   (<env>/data-layer.k8s.yaml and <env>/kustomization.yaml of each environment), or the ratio
   compares different work and the benchmark stops, naming the file and its first differing line.
2. `make synth` in a copy of the checkout (the real dist/ is never touched): with nothing
   changed, and after a one-line change to a construct (a comment line added to
   DataNamespace.java, different on every run).

Peak RSS is that of the whole process tree (bin/app: the JVM and the jsii Node kernel, which run
at the same time): a thread samples the tree every few milliseconds while the command runs (the
command's process and every descendant, found by parent pid in /proc) and keeps the largest sum of
their VmRSS. Each line also shows the largest single process (wait4's ru_maxrss, exact but per
process: the figure earlier reports quoted) and the sum of each process's own peak (VmHWM, an
upper bound: the peaks need not coincide). The memory target is checked against the tree peak
(and, as the issue's baseline was measured, against the largest process).
The machine's load average is printed before and after: on a shared machine, quote the medians
and the ratio together with it.

Usage: scripts/bench.py [--runs N] [--no-make] [--timeline]
  --timeline  bin/app's own timeline (DATALAYER_TIMING=1, medians of --runs runs), then one run with
              the JVM's class-load log and jsii's kernel timings per assembly (nothing else is measured)
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODE = os.path.join(ROOT, "node_modules", ".bin", "node")

# The targets (README, "Speed").
APP_MEDIAN_S = 0.55
APP_TO_PEER = 3.0  # issue 25: within 3x of the JavaScript peer, same bytes
APP_PEAK_MIB = 95.0
MAKE_NOOP_S = 1.5
MAKE_ONE_LINE_S = 4.0


def load():
    return "load average %.2f %.2f %.2f (1, 5, 15 min)" % os.getloadavg()


class TreeMemory(threading.Thread):
    """Samples the resident memory of a process and all its descendants until stop() is called:
    the largest sum of VmRSS seen at one instant (the tree's peak), and each process's own peak
    (VmHWM, which the kernel keeps, so a process sampled at least once near its end is exact)."""

    INTERVAL = 0.004

    def __init__(self, root):
        super().__init__(daemon=True)
        self.root = root
        self.tree = {root}
        self.not_in_tree = set()
        self.hwm = {}
        self.peak_kib = 0
        self._done = threading.Event()

    @staticmethod
    def _status(pid):
        rss = hwm = 0
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith(b"VmHWM:"):
                    hwm = int(line.split()[1])
        return rss, hwm

    def _discover(self):
        new = {}
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            pid = int(name)
            if pid in self.tree or pid in self.not_in_tree:
                continue
            try:
                with open(f"/proc/{pid}/stat", "rb") as f:
                    stat = f.read()
                new[pid] = int(stat[stat.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError):
                continue
        # A child may be listed before its parent (pids wrap): add until nothing more joins.
        joined = True
        while joined:
            joined = False
            for pid, ppid in list(new.items()):
                if ppid in self.tree:
                    self.tree.add(pid)
                    del new[pid]
                    joined = True
        # A process outside the tree never joins it later (a parent changes only to a reaper).
        self.not_in_tree.update(new)

    def sample(self):
        self._discover()
        total = 0
        for pid in list(self.tree):
            try:
                rss, hwm = self._status(pid)
            except (OSError, ValueError):
                continue  # exited; its last VmHWM stays
            total += rss
            self.hwm[pid] = max(self.hwm.get(pid, 0), hwm)
        self.peak_kib = max(self.peak_kib, total)

    def run(self):
        while not self._done.wait(self.INTERVAL):
            self.sample()

    def stop(self):
        self._done.set()
        self.join()
        return self.peak_kib / 1024.0, sum(self.hwm.values()) / 1024.0


def measure(cmd, env, cwd=ROOT):
    """Wall seconds, peak RSS of the process tree (MiB), CPU seconds (user + system, the whole
    process tree), the largest single process's peak RSS (MiB) and the sum of every process's own
    peak (MiB) of one run; exits the benchmark when the command fails."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = TreeMemory(proc.pid)
    memory.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    tree_peak, hwm_sum = memory.stop()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{err.decode(errors='replace')}")
    largest = usage.ru_maxrss / 1024.0
    # A run shorter than one sample interval: the largest process is the best figure there is.
    return wall, max(tree_peak, largest), usage.ru_utime + usage.ru_stime, largest, max(hwm_sum, largest)


def summary(name, runs):
    walls, rss, cpu, largest, hwm_sum = zip(*runs)
    return (f"{name:<30} wall median {statistics.median(walls):6.3f} s (min {min(walls):5.3f}, max {max(walls):5.3f})"
            f"  cpu {statistics.median(cpu):5.3f} s  peak RSS tree {statistics.median(rss):5.1f} MiB (max {max(rss):5.1f};"
            f" largest process {statistics.median(largest):5.1f}, sum of process peaks {statistics.median(hwm_sum):5.1f})"
            f"  {len(walls)} runs")


def files_under(path):
    out = {}
    for base, _, names in os.walk(path):
        for n in names:
            full = os.path.join(base, n)
            with open(full, "rb") as f:
                out[os.path.relpath(full, path)] = f.read()
    return out


def app_env(tmp, name):
    return dict(os.environ, CDK8S_CHECK_UPGRADE="false", DATALAYER_VAULT="off",
                CDK8S_OUTDIR=os.path.join(tmp, name, "staging"), DATALAYER_DIST=os.path.join(tmp, name, "dist"))


def first_difference(rel, app_bytes, peer_bytes, app_path):
    """The message for a file the peer writes differently: the file, the first differing line of
    each side, and what to do."""
    app_lines, peer_lines = app_bytes.split(b"\n"), peer_bytes.split(b"\n")
    n = next((i for i, (a, b) in enumerate(zip(app_lines, peer_lines)) if a != b), min(len(app_lines), len(peer_lines)))

    def line(lines):
        return repr(lines[n].decode("utf-8", "replace")[:160]) if n < len(lines) else "(end of file)"

    return (f"the JavaScript peer's {rel} differs from the app's {app_path} from line {n + 1} on:\n"
            f"  app:  {line(app_lines)}\n  peer: {line(peer_lines)}\n"
            "the peer no longer writes the same objects, so the ratio would compare different work; mirror the"
            " change of the Java constructs in bench/js-peer/ (see main.js for which file holds what)")


def check_same_output(app_dist, peer_out):
    """The peer writes every environment in the app's layout (<env>/data-layer.k8s.yaml and
    <env>/kustomization.yaml): the same files, each byte-identical to the app's."""
    app, peer = files_under(app_dist), files_under(peer_out)
    if not peer:
        sys.exit(f"bench: the JavaScript peer wrote nothing into {peer_out}")
    missing, extra = sorted(app.keys() - peer.keys()), sorted(peer.keys() - app.keys())
    if missing or extra:
        sys.exit(f"bench: the JavaScript peer writes other files than the app (missing: {', '.join(missing) or 'none'};"
                 f" not written by the app: {', '.join(extra) or 'none'}): mirror the app's environments and layout in"
                 " bench/js-peer/environments.js")
    for rel in sorted(peer):
        if app[rel] != peer[rel]:
            sys.exit(f"bench: {first_difference(rel, app[rel], peer[rel], os.path.join(app_dist, rel))}")
    print(f"peer output identical to the app's: {', '.join(sorted(peer))}")


def bench_app_vs_peer(runs, tmp):
    cmds = {
        "app synth (bin/app)": ([os.path.join(ROOT, "bin", "app")], app_env(tmp, "app")),
        "JavaScript peer (Node 22)": ([NODE, os.path.join(ROOT, "bench", "js-peer", "main.js"), os.path.join(tmp, "peer")],
                                      dict(os.environ)),
        "bin/app without launch cache": ([os.path.join(ROOT, "bin", "app")],
                                         dict(app_env(tmp, "nocache"), DATALAYER_LAUNCH_CACHE="off")),
    }
    for cmd, env in cmds.values():  # warm-up: jsii's package cache, the page cache
        measure(cmd, env)
    check_same_output(os.path.join(tmp, "app", "dist"), os.path.join(tmp, "peer"))
    runs_of = {k: [] for k in cmds}
    for _ in range(runs):
        for name, (cmd, env) in cmds.items():
            runs_of[name].append(measure(cmd, env))
    for name in cmds:
        print(summary(name, runs_of[name]))
    app, peer, nocache = runs_of["app synth (bin/app)"], runs_of["JavaScript peer (Node 22)"], runs_of["bin/app without launch cache"]

    def pairwise(label, a, b):
        wall = [x[0] / y[0] for x, y in zip(a, b)]
        cpu = [x[2] / y[2] for x, y in zip(a, b)]
        print(f"{label:<30} wall median {statistics.median(wall):5.2f} (min {min(wall):4.2f}, max {max(wall):4.2f})"
              f"  cpu median {statistics.median(cpu):5.2f}")
        return statistics.median(wall)

    ratio = pairwise("app / peer, pair by pair", app, peer)
    pairwise("with / without launch cache", app, nocache)
    return (statistics.median(x[0] for x in app), ratio, statistics.median(x[1] for x in app),
            statistics.median(x[3] for x in app))


def copy_checkout(tmp):
    """A copy with the built target/ and a link to node_modules, so `make synth` there is warm."""
    dest = os.path.join(tmp, "checkout")
    skip = {".": {".git", "node_modules"}, "target": {"synth", "js-peer", "tmp"}}

    def ignore(path, names):
        return [n for n in names if n in skip.get(os.path.relpath(path, ROOT), ()) or n.startswith("launch.new.")]

    shutil.copytree(ROOT, dest, symlinks=True, ignore=ignore)
    os.symlink(os.path.join(ROOT, "node_modules"), os.path.join(dest, "node_modules"))
    return dest


def bench_make(runs, tmp):
    checkout = copy_checkout(tmp)
    env = dict(os.environ, CDK8S_CHECK_UPGRADE="false", DATALAYER_VAULT="off")
    for k in ("CDK8S_OUTDIR", "DATALAYER_DIST", "MAKEFLAGS", "MAKELEVEL"):
        env.pop(k, None)
    make = ["make", "--no-print-directory", "synth"]
    measure(make, env, checkout)  # warm-up: builds the copy's launch cache (its key holds the path)
    noop = [measure(make, env, checkout) for _ in range(runs)]
    construct = os.path.join(checkout, "src", "main", "java", "io", "datalayer", "namespace", "DataNamespace.java")
    with open(construct, encoding="utf-8") as f:
        original = f.read()
    edits = []
    for i in range(runs):
        with open(construct, "w", encoding="utf-8") as f:
            f.write(original + f"// bench edit {i}\n")
        edits.append(measure(make, env, checkout))
    print(summary("make synth, nothing changed", noop))
    print(summary("make synth, one-line change", edits))
    return statistics.median(x[0] for x in noop), statistics.median(x[0] for x in edits)


def verdict(name, value, target, unit):
    ok = "ok" if value <= target else "MISSED"
    return f"  {name:<40} {value:7.2f} {unit:<4} target <= {target:g} {unit:<4} {ok}"


def timeline(tmp, runs):
    """bin/app's own timeline (DATALAYER_TIMING=1: milliseconds since bin/app started, per phase; the
    medians of several runs), the exit measured from outside, then one run with the JVM's class-load
    log and the jsii kernel's own timings per assembly."""
    marks, order, walls = {}, [], []
    for i in range(runs):
        env = dict(app_env(tmp, f"timeline{i}"), DATALAYER_TIMING="1")
        start = time.monotonic()
        proc = subprocess.run([os.path.join(ROOT, "bin", "app")], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        walls.append((time.monotonic() - start) * 1000)
        if proc.returncode != 0:
            sys.exit(f"bench: bin/app failed:\n{proc.stderr}")
        for line in proc.stderr.splitlines():
            m = re.match(r"data-layer: timing: ([\d.]+) ms (.*) \[(.*)\]$", line)
            if m:
                key = f"{m.group(2)}" + ("" if m.group(3) == "main" else f" ({m.group(3)} thread)")
                if key not in marks:
                    order.append(key)
                marks.setdefault(key, []).append(float(m.group(1)))
    print(f"timeline of bin/app (DATALAYER_TIMING, medians of {runs} runs; ms since bin/app started;"
          " background threads in parentheses):")
    prev = 0.0
    for key in sorted(order, key=lambda k: statistics.median(marks[k])):
        t = statistics.median(marks[key])
        background = key.endswith(" thread)")
        print(f"  {t:7.1f} ms  {'' if background else f'+{t - prev:6.1f}'}{'       ' if background else ''}  {key}")
        if not background:
            prev = t
    wall = statistics.median(walls)
    print(f"  {wall:7.1f} ms  +{wall - prev:6.1f}  process exit (measured from outside)")

    log = os.path.join(tmp, "class-load.log")
    env = dict(app_env(tmp, "timeline-jsii"), JSII_DEBUG_TIMING="1",
               DATALAYER_JAVA_OPTS=f"-Xlog:class+load=info:file={log}:uptime")
    # The Java runtime relays the kernel's diagnostics to its standard output.
    proc = subprocess.run([os.path.join(ROOT, "bin", "app")], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        sys.exit(f"bench: bin/app failed:\n{proc.stdout}")
    count = shared = 0
    with open(log, encoding="utf-8") as f:
        for line in f:
            if " source: " in line:
                count += 1
                shared += "shared objects file" in line
    print(f"classes loaded: {count}, from the class-data archive: {shared}")
    print("jsii kernel (JSII_DEBUG_TIMING), per assembly:")
    for line in proc.stdout.splitlines():
        m = re.match(r"\[@jsii/kernel:timing\] (tar\.extract|loadAssemblyFromPath|require)\(.*?node_modules/([^/)]+).*: ([\d.]+)ms$", line)
        if m:
            print(f"  {float(m.group(3)):8.1f} ms  {m.group(1)} {m.group(2)}")


def launch_path():
    """Which launch cache bin/app takes now (bin/app's own rule, from scripts/launch-key)."""
    check = (
        'source scripts/launch-key;'
        ' if ! launch_fits "$PWD"; then echo "no fitting launch cache";'
        ' elif [ -n "$(aot_java)" ] && app_classes_fit "$PWD"; then'
        ' echo "the AOT cache with the app\'s classes (target/launch/app-classes.aot)";'
        ' elif [ -n "$(aot_java)" ] && [ -f target/launch/app.aot ]; then'
        ' echo "the AOT cache of the jars, the app\'s classes from target/classes (run make bench to copy them in)";'
        ' else echo "the class-data archive (JDK 17)"; fi')
    return subprocess.run(["bash", "-c", check], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-make", action="store_true", help="skip the make synth measurements")
    parser.add_argument("--timeline", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="data-layer-bench-")
    try:
        print(f"machine: {os.cpu_count()} cores, {load()}")
        print(f"bin/app starts from: {launch_path()}")
        if args.timeline:
            timeline(tmp, args.runs)
            return
        app, ratio, rss, largest = bench_app_vs_peer(args.runs, tmp)
        lines = [verdict("bin/app median", app, APP_MEDIAN_S, "s"),
                 verdict("bin/app / JavaScript peer", ratio, APP_TO_PEER, "x"),
                 verdict("bin/app peak RSS (process tree) median", rss, APP_PEAK_MIB, "MiB"),
                 # The 95 MiB was the largest single process (ru_maxrss): shown the same way.
                 verdict("bin/app largest process RSS median", largest, APP_PEAK_MIB, "MiB")]
        if not args.no_make:
            noop, edit = bench_make(max(3, args.runs // 2), tmp)
            lines += [verdict("make synth, nothing changed", noop, MAKE_NOOP_S, "s"),
                      verdict("make synth, one-line change", edit, MAKE_ONE_LINE_S, "s")]
        print("targets:")
        print("\n".join(lines))
        print(f"machine at the end: {load()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
