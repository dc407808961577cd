/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Functions that overwrite the return address in x30 on purpose, one a
 * line, with the reason: link-register-modified is not reported in them.
 * Anything else that writes x30 while it holds the only copy of the
 * return address has lost it.  Names as in the symbol table, without a
 * prefix of symbol_prefixes.h.
 */
/*	   name			reason */
LR_WRITER(cpu_switch_to,	"switches tasks: returns into the next task with the x30 saved in its thread struct (Linux arch/arm64/kernel/entry.S)")
LR_WRITER(__guest_enter,	"KVM: loads the guest's x29 and x30 from its context and enters it with eret (arch/arm64/kvm/hyp/entry.S)")
LR_WRITER(__hyp_do_panic,	"KVM nVHE: builds the panic handler's address in x30 for elr_el2 and leaves with eret, never returning (arch/arm64/kvm/hyp/nvhe/host.S)")
LR_WRITER(__longjmp,		"glibc: returns from setjmp's call again, with the x30 kept in the jmp_buf (sysdeps/aarch64/__longjmp.S)")
LR_WRITER(setcontext,		"glibc: resumes the context's pc with its x30 (sysdeps/unix/sysv/linux/aarch64/setcontext.S)")
LR_WRITER(__setcontext,		"glibc: the same, by its internal name")
LR_WRITER(swapcontext,		"glibc: saves the caller's x30 in the context and points x30 at its own return path (sysdeps/unix/sysv/linux/aarch64/swapcontext.S)")
LR_WRITER(__swapcontext,	"glibc: the same, by its internal name")
LR_WRITER(GTM_longjmp,		"GCC's libitm: restores a transaction's checkpoint, x30 included (libitm/config/aarch64/sjlj.S)")
