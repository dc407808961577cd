#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate an object whose walk, split over threads (walk.c's
walk_split()), has every kind of function in it:

  split.py N OUT   N functions fI in one .text, every third with a finding
                   (return-modified-frame), so that the threads' findings
                   must be put back in order; then two functions that both
                   branch into one anonymous stub (each walk would write
                   its slots: both are walked alone, after the threads),
                   and a function with another inside it (their ranges
                   share slots: both walked alone).  4 walked alone.

$CROSS names the toolchain prefix (aarch64-linux-gnu- by default).
"""
import os
import subprocess
import sys


def head(name):
    return '\t.globl %s\n\t.type %s, %%function\n%s:\n' % ((name,) * 3)


def size(name):
    return '\t.size %s, .-%s\n' % (name, name)


def plain(name):
    return (head(name) + '\tstp x29, x30, [sp, #-16]!\n\tmov x29, sp\n'
            '\tbl plain_callee\n\tldp x29, x30, [sp], #16\n\tret\n' +
            size(name))


def leaky(name):
    # returns with its frame still set up
    return (head(name) + '\tstp x29, x30, [sp, #-16]!\n\tmov x29, sp\n'
            '\tret\n' + size(name))


def to_stub(name):
    # the frame is torn down in code no symbol covers
    return (head(name) + '\tstp x29, x30, [sp, #-16]!\n\tmov x29, sp\n'
            '\tcbz x0, .Lstub\n\tldp x29, x30, [sp], #16\n\tret\n' +
            size(name))


def generate(n):
    yield '\t.text\n'
    for i in range(n):
        yield (leaky if i % 3 == 0 else plain)('f%d' % i)
    yield to_stub('stub_user_a')
    yield to_stub('stub_user_b')
    yield '\t.section .text.stub, "ax", @progbits\n.Lstub:\n'
    yield '\tldp x29, x30, [sp], #16\n\tret\n'
    yield '\t.text\n' + head('outer')
    yield '\tstp x29, x30, [sp, #-16]!\n\tmov x29, sp\n'
    yield head('inner') + '\tnop\n' + size('inner')
    yield '\tldp x29, x30, [sp], #16\n\tret\n' + size('outer')


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: split.py N OUT')
    text = ''.join(generate(int(sys.argv[1])))
    cross = os.environ.get('CROSS', 'aarch64-linux-gnu-')
    subprocess.run([cross + 'as', '-o', sys.argv[2]], input=text.encode(),
                   check=True)


if __name__ == '__main__':
    main()
