#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate an object whose passes, split over threads (par.c: the walk,
the jump-table search, noreturn inference), meet every kind of function:

  split.py N OUT   N functions fI in one .text, every third with a finding
                   (return-modified-frame), so that the threads' findings
                   must be put back in order, and among them at the
                   boundaries of the threads' batches of 64:
                   - two functions that share a word without sharing a
                     byte (an unaligned symbol: corrupt input), walked
                     alone;
                   - a function inside another, with a br after a call in
                     the outer one: each scan notes the br, for another
                     reason, and the notes must keep one thread's order;
                     the two walked alone;
                   then a function with a REGS hint after its return and
                   one that branches there (a bad-hint, whose --backtrace
                   path is the branching walk's: none); a function whose
                   alternative's replacement lies under another's symbol
                   (that one walked alone); a function that never returns
                   and one that only calls it, after it (both never
                   return: the second known only once the first is); two
                   names of one function; two functions that both
                   branch into one anonymous stub (walked alone) and a
                   function inside another (walked alone).  9 walked
                   alone.

$CROSS names the toolchain prefix (aarch64-linux-gnu- by default).
"""
import os
import subprocess
import sys


def head(name):
    return '\t.globl %s\n\t.type %s, %%function\n%s:\n' % ((name,) * 3)


def size(name):
    return '\t.size %s, .-%s\n' % (name, name)


FRAME = '\tstp x29, x30, [sp, #-16]!\n\tmov x29, sp\n'
UNFRAME = '\tldp x29, x30, [sp], #16\n'


def plain(name):
    return head(name) + FRAME + '\tbl plain_callee\n' + UNFRAME + '\tret\n' + size(name)


def leaky(name):
    # returns with its frame still set up
    return head(name) + FRAME + '\tret\n' + size(name)


def unaligned():
    # u_second starts 6 bytes into u_first's code, in the middle of a
    # word: the word at +4 is both functions'
    return ('\t.p2align 4\n' + head('u_first') + '\tnop\n' * 4 + '\tret\n'
            '\t.size u_first, 6\n\t.globl u_second\n'
            '\t.set u_second, u_first + 6\n\t.type u_second, %function\n'
            '\t.size u_second, 8\n')


def nested_br():
    return (head('br_outer') + FRAME + '\tbl ext\n' + head('br_inner') +
            '\tbr x1\n' + size('br_inner') + UNFRAME + '\tret\n' +
            size('br_outer'))


def hint_pair():
    return (head('hint_host') + FRAME + UNFRAME + '\tret\n.Lregs:\n'
            '\tVALIDATE_HINT_REGS\n\tadd sp, sp, #336\n\teret\n' +
            size('hint_host') + head('hint_user') + '\tb .Lregs\n' +
            size('hint_user'))


def alt_pair():
    # alt_owner's alternative has its replacement under alt_victim's
    # symbol, after its return: the owner walks it as its stream; to the
    # victim it is a word no path of its own reaches, whatever the owner
    # (walked before it on the same thread) did there (walked alone)
    return (head('alt_owner') + FRAME + '661:\tnop\n662:\n'
            '\t.pushsection .altinstructions, "a"\n'
            '\t.word 661b - .\n\t.word 663f - .\n\t.hword 7\n'
            '\t.byte 662b - 661b\n\t.byte 664f - 663f\n\t.popsection\n' +
            UNFRAME + '\tret\n' + size('alt_owner') +
            head('alt_victim') + '\tnop\n\tret\n663:\tadd x0, x0, #1\n664:\n' +
            size('alt_victim'))


def noreturn_pair():
    # dies never returns (a loop); calls_dies, after it, only calls it:
    # one thread finds both in the first round of noreturn inference, a
    # split search of calls_dies must be done again once dies is known
    return (head('dies') + '1:\tb 1b\n' + size('dies') +
            head('calls_dies') + FRAME + '\tbl dies\n' + UNFRAME +
            '\tret\n' + size('calls_dies'))


def alias_pair():
    # two names of one function that returns: the searches of both
    # would share its slots
    return (head('ret_a') + FRAME + UNFRAME + '\tret\n' + size('ret_a') +
            '\t.globl ret_b\n\t.set ret_b, ret_a\n'
            '\t.type ret_b, %function\n\t.size ret_b, 16\n')


def to_stub(name):
    # the frame is torn down in code no symbol covers
    return (head(name) + FRAME + '\tcbz x0, .Lstub\n' + UNFRAME + '\tret\n' +
            size(name))


def generate(n):
    yield '#include <validate/annotate.h>\n\t.text\n'
    for i in range(n):
        if i == 63:		# the last of the first batch, and the next
            yield unaligned()
        if i == 126:		# the outer's last of the second batch
            yield nested_br()
        yield (leaky if i % 3 == 0 else plain)('f%d' % i)
    yield hint_pair()
    yield alt_pair()
    yield noreturn_pair()
    yield alias_pair()
    yield to_stub('stub_user_a')
    yield to_stub('stub_user_b')
    yield '\t.section .text.stub, "ax", @progbits\n.Lstub:\n'
    yield UNFRAME + '\tret\n'
    yield '\t.text\n' + head('outer') + FRAME
    yield head('inner') + '\tnop\n' + size('inner')
    yield UNFRAME + '\tret\n' + size('outer')


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: split.py N OUT')
    text = ''.join(generate(int(sys.argv[1])))
    cross = os.environ.get('CROSS', 'aarch64-linux-gnu-')
    include = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           '..', '..', 'include')
    subprocess.run([cross + 'gcc', '-c', '-x', 'assembler-with-cpp',
                    '-I', include, '-o', sys.argv[2], '-'],
                   input=text.encode(), check=True)


if __name__ == '__main__':
    main()
