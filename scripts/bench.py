#!/usr/bin/env python3
"""Benchmark of the synth: median wall time and peak RSS of the app's own synth process
(bin/app) and of `cdk8s synth` end to end, over repeated runs in fresh processes.

Peak RSS is the largest single process of the run's process tree (wait4's ru_maxrss covers the
reaped descendants): for bin/app that is the JVM or the jsii Node kernel, whichever is larger.
Usage: scripts/bench.py [runs]   (default 10; one warm-up run each is not counted)
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(cmd, env):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed: {proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024.0


def bench(name, cmd, env, runs):
    measure(cmd, env)  # warm-up: JIT-free JVM start is the same, but jsii's package cache is filled
    walls, rss = [], []
    for _ in range(runs):
        wall, peak = measure(cmd, env)
        walls.append(wall)
        rss.append(peak)
    print(f"{name:<22} median {statistics.median(walls):6.3f} s  min {min(walls):6.3f} s  max {max(walls):6.3f} s"
          f"  peak RSS median {statistics.median(rss):7.1f} MiB  max {max(rss):7.1f} MiB  ({runs} runs)")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    tmp = tempfile.mkdtemp(prefix="data-layer-bench-")
    env = dict(os.environ, CDK8S_CHECK_UPGRADE="false", DATALAYER_DIST=os.path.join(tmp, "dist"),
               CDK8S_OUTDIR=os.path.join(tmp, "staging"), DATALAYER_VAULT=os.environ.get("DATALAYER_VAULT", "off"),
               PATH=os.path.join(ROOT, "node_modules", ".bin") + os.pathsep + os.environ["PATH"])
    print(f"machine: {os.cpu_count()} cores; output to {tmp}")
    bench("app synth (bin/app)", [os.path.join(ROOT, "bin", "app")], env, runs)
    cli_env = dict(env)
    cli_env.pop("CDK8S_OUTDIR")
    bench("cdk8s synth (CLI)", [os.path.join(ROOT, "node_modules", ".bin", "cdk8s"), "synth", "--output",
                                 os.path.join(tmp, "cli-out")], cli_env, runs)


if __name__ == "__main__":
    main()
