#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate large arm64 objects with the cross assembler, so that the
repository holds the recipe rather than megabytes of ELF.

  big.py sections N OUT   N sections .text.fI, one function fI (a ret) each:
                          past 65,279 sections the assembler numbers them
                          through e_shnum 0, e_shstrndx SHN_XINDEX and
                          .symtab_shndx, as vmlinux.o built with
                          -ffunction-sections does
  big.py functions N OUT  N functions fI (a ret each) in one .text
  big.py nops MB OUT      one function of MB MiB of nops, then a ret
  big.py aliases N OUT    N global functions fI at one place, one ret:
                          their order is sorted per place (elf.c)

Clean input: no finding.  $CROSS names the toolchain prefix
(aarch64-linux-gnu- by default).
"""
import os
import subprocess
import sys


def func(name):
    return ('\t.globl %s\n\t.type %s, %%function\n%s:\n\tret\n'
            '\t.size %s, .-%s\n' % ((name,) * 5))


def sections(n):
    for i in range(n):
        yield '\t.section .text.f%d, "ax", @progbits\n' % i
        yield func('f%d' % i)


def functions(n):
    yield '\t.text\n'
    for i in range(n):
        yield func('f%d' % i)


def aliases(n):
    yield '\t.text\n'
    for i in range(n):
        yield '\t.globl f%d\n\t.type f%d, %%function\nf%d:\n' % (i, i, i)
    yield '\tret\n'
    for i in range(n):
        yield '\t.size f%d, 4\n' % i


def nops(mb):
    # .rept of single nops is slow to assemble; alignment padding in code
    # is nops, and 64 KiB blocks keep the section's alignment (so the
    # file's padding) small: one nop then padding to the next 64 KiB.
    yield '\t.text\n\t.globl f\n\t.type f, %function\nf:\n'
    yield '\t.rept %d\n\tnop\n\t.p2align 16\n\t.endr\n' % (mb * 16)
    yield '\tret\n\t.size f, .-f\n'


def main():
    kinds = {'sections': sections, 'functions': functions, 'nops': nops,
             'aliases': aliases}
    if len(sys.argv) != 4 or sys.argv[1] not in kinds:
        sys.exit('usage: big.py sections|functions|nops|aliases N OUT')
    text = ''.join(kinds[sys.argv[1]](int(sys.argv[2])))
    cross = os.environ.get('CROSS', 'aarch64-linux-gnu-')
    # the assembler reads standard input when given no file
    subprocess.run([cross + 'as', '-o', sys.argv[3]], input=text.encode(),
                   check=True)


if __name__ == '__main__':
    main()
