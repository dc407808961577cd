#!/usr/bin/env python3
"""The SFrame tests' judgements, in one process for a whole run.

    check.py MANIFEST        one test a line (tests/sframe/lib.sh writes it)
    check.py gnu OBJDUMP OUT.o DUMP.json LEFT

A manifest line is a kind, a name and files, tab-separated:

  gas NAME FINDINGS.json GASDIFF.txt
      GNU as's .sframe of a compiled object whose DWARF CFI is right: every
      sframe-* finding must be where GNU as's .sframe parts from its own .eh_frame
      (sframe-mismatch at a place gasdiff prints, sframe-missing of a
      function gasdiff says has no descriptor).
  rt NAME DUMP.json OUT.json LEFT [OBJDUMP OUT.o]
      --write-sframe's copy read back: DUMP is `validate --dump-cfi
      --check-dwarf --format=json` of the input, OUT `--check-dwarf
      --check-sframe` of the copy, LEFT the notes of the functions left
      out.  No sframe-mismatch; sframe-missing exactly for those left out;
      the same dwarf-mismatch findings as before.  With OBJDUMP, GNU's
      reader too (gnu below).

gnu: OBJDUMP --sframe reads OUT.o; every walked function not left out must
have a descriptor, in walk order (section, then address, as the writer
sorts them), and at every instruction of it the row GNU's reader shows must
say what the walk's state says: the CFA (sp+N while the walk knows sp, else
x29+N), x29 and x30 at CFA+N or "u".  The "[s]" of a signed return address
is not compared here: --check-sframe holds it against paciasp/autiasp.

Prints a FAIL line for each failed test and, last, "PASS n FAIL m".
"""
import json
import re
import subprocess
import sys


def records(path):
    for line in open(path):
        if line.startswith("{"):
            yield json.loads(line)


def findings(path):
    return [d for d in records(path) if "check" in d]


def left_out(path):
    return set(re.findall(r"note: validate: (\S+): no SFrame rows",
                          open(path).read()))


def gas(json_path, gasdiff):
    parts = set(l.strip() for l in open(gasdiff))
    missing = {l.split()[1].split("+")[0] for l in parts
               if l.startswith("missing ")}
    bad, n = [], 0
    for d in findings(json_path):
        if not d["check"].startswith("sframe-"):
            continue    # the other checks: run-fixtures.sh's own leg
        at = "%s+0x%x" % (d["symbol"], d["offset"])
        if (d["check"] == "sframe-mismatch" and at in parts) or \
           (d["check"] == "sframe-missing" and d["symbol"] in missing):
            n += 1
        else:
            bad.append("%s %s: %s" % (d["check"], at, d["message"]))
    return bad, n


def readback(dump, out_json, left):
    before, after, gone = findings(dump), findings(out_json), left_out(left)
    key = lambda d: (d["check"], d["symbol"], d["offset"])
    dwarf = lambda rows: sorted(key(d) for d in rows
                                if d["check"] == "dwarf-mismatch")
    bad = ["sframe-mismatch %s+0x%x: %s" % (d["symbol"], d["offset"],
                                            d["message"])
           for d in after if d["check"] == "sframe-mismatch"]
    missing = {d["symbol"] for d in after if d["check"] == "sframe-missing"}
    if missing != gone:
        bad.append("sframe-missing %s, left out %s" %
                   (sorted(missing), sorted(gone)))
    if dwarf(before) != dwarf(after):
        bad.append("dwarf-mismatch before %s, after %s" %
                   (dwarf(before), dwarf(after)))
    return bad


def gnu_fdes(objdump, path):
    p = subprocess.run([objdump, "--sframe", path], capture_output=True,
                       text=True)
    if p.returncode or p.stderr.strip():
        return None, "%s --sframe: exit %d: %s" % (
            objdump, p.returncode, p.stderr.strip()[:300])
    fdes, cur = [], None
    for line in p.stdout.splitlines():
        m = re.match(r"\s+func idx \[\d+\]: pc = 0x([0-9a-f]+), size = (\d+)",
                     line)
        if m:
            cur = {"pc": int(m[1], 16), "size": int(m[2]), "rows": []}
            fdes.append(cur)
            continue
        m = re.match(r"\s+([0-9a-f]{16})\s+(\S+)\s+(\S+)\s+(\S+)\s*$", line)
        if m and cur is not None:
            start = (int(m[1], 16) - cur["pc"]) & 0xffffffff
            cur["rows"].append((start, m[2], m[3], m[4].replace("[s]", "")))
    return fdes, None


def walked(dump):
    funcs, order = {}, []
    for d in records(dump):
        if "check" in d or d.get("offset") is None:
            continue    # a finding; a replacement stream or anonymous code
        key = (d["section"], d["symbol"])
        if key not in funcs:
            funcs[key] = []
            order.append(key)
        funcs[key].append(d)
    return order, funcs


def owners(funcs):
    """Per address, the latest start of a function that dumped it: a
    function nested in another has its own descriptor and rows."""
    owner = {}
    for key, rows in funcs.items():
        base = rows[0]["address"] - rows[0]["offset"]
        for d in rows:
            at = (key[0], d["address"])
            owner[at] = max(owner.get(at, base), base)
    return owner


def expected(d):
    regs = d["regs"]
    cfa = d["cfa"].replace("x29+", "fp+")
    ra = "c%+d" % regs["x30"] if "x30" in regs else "u"
    fp = "c%+d" % regs["x29"] if "x29" in regs and "x30" in regs else "u"
    return (cfa, fp, ra)


def row_at(rows, rel):
    found = None
    for r in rows:
        if r[0] <= rel:
            found = r
    return found


def gnu(objdump, out, dump, left):
    """([] and a summary) or ([what differs], None)"""
    gone = left_out(left)
    order, funcs = walked(dump)
    order = [k for k in order if k[1] not in gone]
    fdes, err = gnu_fdes(objdump, out)
    if err:
        return [err], None
    if len(fdes) != len(order):
        return ["GNU reads %d descriptors, the walk has %d functions with rows"
                % (len(fdes), len(order))], None
    insns, owner = 0, owners(funcs)
    for fde, key in zip(fdes, order):
        base = funcs[key][0]["address"] - funcs[key][0]["offset"]
        for d in funcs[key]:
            if owner[(key[0], d["address"])] > base:
                continue
            row = row_at(fde["rows"], d["offset"])
            want = expected(d)
            if d["offset"] >= fde["size"] or row is None or row[1:] != want:
                return ["%s+0x%x: GNU reads %s, the walk has %s" % (
                    key[1], d["offset"], " ".join(row[1:]) if row else "no row",
                    " ".join(want))], None
            insns += 1
    return [], "GNU reads %d descriptors, %d rows, agreeing with the walk at %d instructions" % (
        len(fdes), sum(len(f["rows"]) for f in fdes), insns)


def run(manifest):
    npass = nfail = ngas = gas_tests = 0
    for line in open(manifest):
        f = line.rstrip("\n").split("\t")
        if f[0] == "gas":
            gas_tests += 1
            bad, n = gas(f[2], f[3])
            ngas += n
        else:
            bad = readback(f[2], f[3], f[4])
            if not bad and len(f) > 5:
                bad = gnu(f[5], f[6], f[2], f[4])[0]
        if bad:
            nfail += 1
            print("FAIL %s" % f[1])
            for b in bad:
                print("    " + b)
        else:
            npass += 1
    if gas_tests:
        print("sframe: %d findings on GNU as's .sframe of %d objects, each where it parts from its own .eh_frame"
              % (ngas, gas_tests))
    print("PASS %d FAIL %d" % (npass, nfail))


def main():
    if sys.argv[1] == "gnu":
        bad, summary = gnu(*sys.argv[2:6])
        print("%s: %s" % (sys.argv[3], summary or bad[0]))
        return 1 if bad else 0
    run(sys.argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
