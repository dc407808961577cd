/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Prefixes under which the kernel links a second copy of code, one a line:
 * a symbol's base name, without its prefix, is what the name lists
 * (noreturns.h, nop_callbacks.h) are matched against.
 */
SYMBOL_PREFIX("__kvm_nvhe_")	/* the nVHE hypervisor, linked into the kernel */
