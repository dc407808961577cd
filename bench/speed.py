#!/usr/bin/env python3
"""Times the validator against `aarch64-linux-gnu-objdump -d` on the same
files, side by side in one run, and prints the ratios and both peak memories.

  speed.py VALIDATE [--small FILE] FILE...

Whole corpus: one process each (objdump's output goes to /dev/null), five
rounds, best round kept.  Small object: 50 runs of each on one file, mean
per run: the fixed cost the kernel build pays once per object.
"""
import os
import resource
import subprocess
import sys
import time

OBJDUMP = os.environ.get("OBJDUMP", "aarch64-linux-gnu-objdump")


def run(cmd):
    """Wall time and peak RSS (KiB) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def best(cmd, rounds):
    times, rss = [], 0
    for _ in range(rounds):
        t, r, rc = run(cmd)
        if rc not in (0, 1):
            sys.exit("speed.py: %s exited %d" % (cmd[0], rc))
        times.append(t)
        rss = max(rss, r)
    return min(times), rss


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    validate = args.pop(0)
    small = None
    if args[:1] == ["--small"]:
        small = args[1]
        args = args[2:]
    if args:
        v, vr = best([validate] + args, 5)
        o, orss = best([OBJDUMP, "-d"] + args, 5)
        print("corpus: %d files" % len(args))
        print("  validate      %8.2f s  peak %7.1f MiB" % (v, vr / 1024))
        print("  objdump -d    %8.2f s  peak %7.1f MiB" % (o, orss / 1024))
        print("  validate / objdump: %.3f of the time" % (v / o))
    if small:
        n = 50
        v = sum(run([validate, small])[0] for _ in range(n)) / n
        o = sum(run([OBJDUMP, "-d", small])[0] for _ in range(n)) / n
        print("small object %s (%d bytes): mean of %d runs" % (os.path.basename(small), os.path.getsize(small), n))
        print("  validate      %8.2f ms" % (v * 1000))
        print("  objdump -d    %8.2f ms" % (o * 1000))


if __name__ == "__main__":
    main()
