#!/usr/bin/env python3
"""Times the validator against `aarch64-linux-gnu-objdump -d` on the same
files, side by side in one run, and prints the ratios and both peak memories.

  speed.py VALIDATE [--rounds N] [--small FILE] FILE...

Whole corpus: one process each (objdump's output goes to /dev/null), five
rounds (or N), best round kept; instructions a second are the instructions
`VALIDATE --stats` counts (walked), over the validator's best round.  The
validator runs twice: on one thread, and with -j (one thread a core) when
there are several cores (objects side by side, and one large object's
passes split): objdump has one thread.  Small
object: 50 runs of each on one file, mean per run: the fixed cost the kernel
build pays once per object.
"""
import os
import re
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


def instructions(validate, files):
    """The instructions --stats counts over the files, in an untimed run."""
    proc = subprocess.run([validate, "--stats"] + files,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    if proc.returncode not in (0, 1):
        sys.exit("speed.py: %s --stats exited %d" % (validate, proc.returncode))
    return sum(int(m.group(1)) for m in
               re.finditer(r": stats: functions \d+, instructions (\d+),",
                           proc.stderr))


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    validate = args.pop(0)
    small, rounds = None, 5
    if args[:1] == ["--rounds"]:
        rounds = int(args[1])
        args = args[2:]
    if args[:1] == ["--small"]:
        small = args[1]
        args = args[2:]
    if args:
        n = instructions(validate, args)
        v, vr = best([validate] + args, rounds)
        o, orss = best([OBJDUMP, "-d"] + args, rounds)
        print("corpus: %d files, %d instructions" % (len(args), n))
        print("  validate      %8.2f s  peak %7.1f MiB  %6.2f M instructions a second"
              % (v, vr / 1024, n / v / 1e6))
        cores = len(os.sched_getaffinity(0))
        # one large object is split over the threads too (par.c)
        if cores > 1:
            jobs = "-j%d" % cores
            vj, vjr = best([validate, jobs] + args, rounds)
            print("  validate %-4s %8.2f s  peak %7.1f MiB  %6.2f M instructions a second"
                  % (jobs, vj, vjr / 1024, n / vj / 1e6))
        print("  objdump -d    %8.2f s  peak %7.1f MiB" % (o, orss / 1024))
        print("  validate / objdump: %.3f of the time" % (v / o))
        if cores > 1:
            print("  validate %s / objdump: %.3f of the time" % (jobs, vj / o))
    if small:
        n = 50
        v = sum(run([validate, small])[0] for _ in range(n)) / n
        o = sum(run([OBJDUMP, "-d", small])[0] for _ in range(n)) / n
        print("small object %s (%d bytes): mean of %d runs" % (os.path.basename(small), os.path.getsize(small), n))
        print("  validate      %8.2f ms" % (v * 1000))
        print("  objdump -d    %8.2f ms" % (o * 1000))


if __name__ == "__main__":
    main()
