#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hand-made section and symbol tables: an ELF64 little-endian object
rewritten into one that uses extended numbering, correctly or not.

  corrupt.py KIND IN OUT

  shnum-past-end       e_shnum raised by 50: the table runs past the end
  shnum-extended       e_shnum 0, the count in section 0's sh_size (valid)
  shnum-extended-past-end
                       the same, the count raised by 50
  shstrndx-extended    e_shstrndx SHN_XINDEX, the index in section 0's
                       sh_link (valid)
  shstrndx-extended-bad
                       the same, the index out of range
  xindex               a .symtab_shndx added, and every symbol of a
                       section finds it there through SHN_XINDEX (valid)
  shndx-size           xindex, with .symtab_shndx one entry short
  shndx-range          xindex, with the first function's entry 70000
  shndx-missing        xindex, with .symtab_shndx no longer of its type
"""
import struct
import sys

EHDR_SHOFF, EHDR_SHNUM, EHDR_SHSTRNDX = 0x28, 0x3c, 0x3e
SHDR = struct.Struct('<IIQQQQIIQQ')     # name type flags addr off size link info align entsize
SYM = struct.Struct('<IBBHQQ')          # name info other shndx value size
SHT_SYMTAB, SHT_PROGBITS, SHT_SYMTAB_SHNDX = 2, 1, 18
SHN_LORESERVE, SHN_XINDEX = 0xff00, 0xffff
STT_FUNC = 2


class Elf:
    def __init__(self, data):
        self.data = bytearray(data)
        self.shoff, = struct.unpack_from('<Q', data, EHDR_SHOFF)
        self.shnum, self.shstrndx = struct.unpack_from('<HH', data, EHDR_SHNUM)
        self.shdrs = [list(SHDR.unpack_from(data, self.shoff + i * SHDR.size))
                      for i in range(self.shnum)]

    def header(self, off, fmt, value):
        struct.pack_into(fmt, self.data, off, value)

    def shdr(self, i, field, value):
        self.shdrs[i][field] = value
        SHDR.pack_into(self.data, self.shoff + i * SHDR.size, *self.shdrs[i])

    def index_of(self, sh_type):
        return next(i for i, s in enumerate(self.shdrs) if s[1] == sh_type)

    def append(self, blob, align):
        self.data += bytes(-len(self.data) % align)
        off = len(self.data)
        self.data += blob
        return off


def add_shndx(elf):
    """Moves every section index of the symbol table to a new .symtab_shndx;
    returns the object rebuilt and the new section's index."""
    symtab = elf.index_of(SHT_SYMTAB)
    _, _, _, _, symoff, symsize, _, _, _, _ = elf.shdrs[symtab]
    names = elf.shdrs[elf.shstrndx]
    strtab = bytes(elf.data[names[4]:names[4] + names[5]])
    shndx = []
    for off in range(symoff, symoff + symsize, SYM.size):
        sym = list(SYM.unpack_from(elf.data, off))
        if 0 < sym[3] < SHN_LORESERVE:
            shndx.append(sym[3])
            sym[3] = SHN_XINDEX
            SYM.pack_into(elf.data, off, *sym)
        else:
            shndx.append(0)
    name = len(strtab)
    names[4] = elf.append(strtab + b'.symtab_shndx\0', 1)
    names[5] = len(strtab) + len(b'.symtab_shndx\0')
    blob = struct.pack('<%dI' % len(shndx), *shndx)
    new = [name, SHT_SYMTAB_SHNDX, 0, 0, elf.append(blob, 4), len(blob),
           symtab, 0, 4, 4]
    table = b''.join(SHDR.pack(*s) for s in elf.shdrs + [new])
    elf.header(EHDR_SHOFF, '<Q', elf.append(table, 8))
    elf.header(EHDR_SHNUM, '<H', elf.shnum + 1)
    return Elf(elf.data), elf.shnum


def first_function(elf):
    symtab = elf.shdrs[elf.index_of(SHT_SYMTAB)]
    for i in range(symtab[5] // SYM.size):
        sym = SYM.unpack_from(elf.data, symtab[4] + i * SYM.size)
        if sym[1] & 0xf == STT_FUNC:
            return i
    sys.exit('corrupt.py: no function symbol')


def mutate(kind, elf):
    if kind == 'shnum-past-end':
        elf.header(EHDR_SHNUM, '<H', elf.shnum + 50)
    elif kind.startswith('shnum-extended'):
        elf.header(EHDR_SHNUM, '<H', 0)
        elf.shdr(0, 5, elf.shnum + (50 if kind.endswith('past-end') else 0))
    elif kind.startswith('shstrndx-extended'):
        elf.header(EHDR_SHSTRNDX, '<H', SHN_XINDEX)
        elf.shdr(0, 6, elf.shstrndx + (1000 if kind.endswith('bad') else 0))
    elif kind.startswith('xindex') or kind.startswith('shndx'):
        elf, shndx = add_shndx(elf)
        if kind == 'shndx-size':
            elf.shdr(shndx, 5, elf.shdrs[shndx][5] - 4)
        elif kind == 'shndx-range':
            struct.pack_into('<I', elf.data,
                             elf.shdrs[shndx][4] + 4 * first_function(elf),
                             70000)
        elif kind == 'shndx-missing':
            elf.shdr(shndx, 1, SHT_PROGBITS)
    else:
        sys.exit('corrupt.py: unknown kind ' + kind)
    return elf


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: corrupt.py KIND IN OUT')
    elf = mutate(sys.argv[1], Elf(open(sys.argv[2], 'rb').read()))
    open(sys.argv[3], 'wb').write(elf.data)


if __name__ == '__main__':
    main()
