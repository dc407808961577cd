#!/usr/bin/env python3
"""The analysis files call downwards only, and never in a circle.

Dependencies between files are read from the built objects (a file uses
another when it references a symbol the other defines, `nm`) and from the
sources (a file that includes a pass's header, tools/validate/X.h, uses
X.c).  Each file has a layer (LAYERS below); a dependency on a file of a
higher layer, or a circle of any kind, fails with the chain named.

    layers.py BUILD_DIR SOURCE...   (the Makefile's sources, built there)
"""
import os
import re
import subprocess
import sys

# Lowest first: a file may use its own layer and the ones before it.
LAYERS = [
    ("arch", ["arch/arm64/policy.c", "arch/arm64/decode/decode.c",
              "arch/arm64/decode/value.c", "arch/arm64/decode/disasm.c"]),
    ("model", ["tools/validate/check.c", "tools/validate/cfi.c",
               "tools/validate/elf.c", "tools/validate/dwarf.c",
               "tools/validate/sframe.c", "tools/validate/sframewrite.c",
               "tools/validate/model.c",
               "tools/validate/edges.c", "tools/validate/target.c",
               "tools/validate/finding.c", "tools/validate/source.c",
               "tools/validate/fingerprint.c", "tools/validate/par.c"]),
    ("passes", ["tools/validate/kinds.c", "tools/validate/special.c", "tools/validate/lsda.c",
                "tools/validate/alt.c", "tools/validate/anon.c",
                "tools/validate/jumptable.c", "tools/validate/noreturn.c",
                "tools/validate/entries.c", "tools/validate/hints.c",
                "tools/validate/probe.c",
                "tools/validate/walk.c", "tools/validate/walksplit.c",
                "tools/validate/rowmatch.c",
                "tools/validate/dwarfcheck.c", "tools/validate/rastate.c",
                "tools/validate/bti.c",
                "tools/validate/sframecheck.c", "tools/validate/sframegen.c",
                "tools/validate/report.c"]),
    ("pipeline", ["tools/validate/validate.c", "tools/validate/stages.c"]),
    ("program", ["tools/validate/main.c", "tools/validate/run.c",
                 "tools/validate/pool.c",
                 "tools/validate/gate.c", "tools/validate/summary.c",
                 "tools/validate/sarif.c", "tools/validate/baseline.c",
                 "tools/validate/jsonread.c", "tools/validate/outfile.c"]),
]


def layer_of():
    layer = {}
    for i, (_, files) in enumerate(LAYERS):
        for f in files:
            layer[f] = i
    return layer


def symbols(build, src):
    obj = os.path.join(build, src[:-2] + ".o")
    out = subprocess.run(["nm", obj], capture_output=True, text=True,
                         check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            used.add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDRBC":
            defined.add(parts[2])
    return defined, used


def includes(src):
    here = os.path.dirname(src)
    deps = set()
    for m in re.finditer(r'^#include "([^"/]+)\.h"', open(src).read(), re.M):
        impl = os.path.join(here, m.group(1) + ".c")
        if impl != src and os.path.exists(impl):
            deps.add(impl)
    return deps


def cycle(graph):
    """A circle in the graph, as a list of files, or None."""
    colour, stack = {}, []

    def visit(n):
        colour[n] = 1
        stack.append(n)
        for m in sorted(graph[n]):
            if colour.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if not colour.get(m):
                c = visit(m)
                if c:
                    return c
        stack.pop()
        colour[n] = 2
        return None

    for n in sorted(graph):
        if not colour.get(n):
            c = visit(n)
            if c:
                return c
    return None


def main():
    build, files = sys.argv[1], sys.argv[2:]
    layer = layer_of()
    defs, uses, graph = {}, {}, {}
    fail = 0
    for f in files:
        if f not in layer:
            print("layers: %s has no layer: add it to tests/layers.py" % f)
            fail = 1
    files = [f for f in files if f in layer]
    for f in files:
        d, u = symbols(build, f)
        uses[f] = u
        for s in d:
            defs[s] = f
    for f in files:
        graph[f] = {defs[s] for s in uses[f] if s in defs} | includes(f)
        graph[f].discard(f)
        for g in sorted(graph[f]):
            if layer[g] > layer[f]:
                print("layers: %s (%s) uses %s (%s), a higher layer" %
                      (f, LAYERS[layer[f]][0], g, LAYERS[layer[g]][0]))
                fail = 1
    # arm64 reaches the generic analysis only through include/validate/arch.h
    for f in files:
        if not f.startswith("tools/validate/"):
            continue
        for n, line in enumerate(open(f), 1):
            if "AARCH64" in line:
                print("layers: %s:%d names arm64 (AARCH64): say it through arch.h"
                      % (f, n))
                fail = 1
    c = cycle(graph)
    if c:
        print("layers: a circle: " + " -> ".join(c))
        fail = 1
    edges = sum(len(v) for v in graph.values())
    print("layers: %d files, %d dependencies, %s" %
          (len(files), edges, "a fault" if fail else "none upwards, no circle"))
    return fail


if __name__ == "__main__":
    sys.exit(main())
