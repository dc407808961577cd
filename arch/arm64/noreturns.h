/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Functions that never return to their caller, by name, one a line: the
 * kernel's __noreturn functions of Linux 6.1 and objtool's list (kernel),
 * the C library's (libc), and the C++ runtime's (c++): std::terminate,
 * the __cxa_* and std::__throw_* ones.  A name here counts for a symbol
 * the object does not define, and for a definition that cannot be
 * replaced at link time.  Kernel symbols count under their prefixed names
 * too (symbol_prefixes.h).
 *
 * Kept in strcmp order: the list is searched with bsearch, and a unit test
 * checks that every name is found.
 */
NORETURN(GTM_longjmp)				/* libitm */
NORETURN(_Exit)					/* libc */
NORETURN(_Unwind_Resume)			/* libgcc: resumes unwinding */
NORETURN(_ZN10__cxxabiv111__terminateEPFvvE)	/* c++: __cxxabiv1::__terminate */
NORETURN(_ZN11__sanitizer10FlagParser11fatal_errorEPKc)	/* sanitizers: FlagParser::fatal_error */
NORETURN(_ZN11__sanitizer11CheckFailedEPKciS1_yy)	/* sanitizers: CheckFailed */
NORETURN(_ZN11__sanitizer14internal__exitEi)	/* sanitizers: internal__exit */
NORETURN(_ZN11__sanitizer17ReportOutOfMemoryEmPKNS_10StackTraceE)	/* sanitizers: allocator reports */
NORETURN(_ZN11__sanitizer20ReportCallocOverflowEmmPKNS_10StackTraceE)	/* sanitizers: allocator reports */
NORETURN(_ZN11__sanitizer21ReportPvallocOverflowEmPKNS_10StackTraceE)	/* sanitizers: allocator reports */
NORETURN(_ZN11__sanitizer23ReportMmapFailureAndDieEmPKcS1_ib)	/* sanitizers */
NORETURN(_ZN11__sanitizer26ReportAllocationSizeTooBigEmmPKNS_10StackTraceE)	/* sanitizers: allocator reports */
NORETURN(_ZN11__sanitizer26ReportReallocArrayOverflowEmmPKNS_10StackTraceE)	/* sanitizers: allocator reports */
NORETURN(_ZN11__sanitizer32ReportInvalidAllocationAlignmentEmPKNS_10StackTraceE)	/* sanitizers: allocator reports */
NORETURN(_ZN11__sanitizer34ReportInvalidAlignedAllocAlignmentEmmPKNS_10StackTraceE)	/* sanitizers: allocator reports */
NORETURN(_ZN11__sanitizer3DieEv)		/* sanitizers: Die */
NORETURN(_ZN11__sanitizer5AbortEv)		/* sanitizers: Abort */
NORETURN(_ZN3GTM10gtm_thread7restartENS_18gtm_restart_reasonEb)	/* libitm: restarts the transaction */
NORETURN(_ZN3GTM9GTM_fatalEPKcz)		/* libitm: GTM_fatal */
NORETURN(_ZN8__hwasan17HandleTagMismatchENS_10AccessInfoEmmPvPm)	/* sanitizers: hwasan, reports and dies */
NORETURN(_ZN8__hwasan17HwasanTagMismatchEmmPmm)	/* sanitizers: hwasan, reports and dies */
NORETURN(_ZSt16__throw_bad_castv)		/* c++ */
NORETURN(_ZSt17__throw_bad_allocv)		/* c++ */
NORETURN(_ZSt19__throw_ios_failurePKc)		/* c++ */
NORETURN(_ZSt19__throw_ios_failurePKci)		/* c++ */
NORETURN(_ZSt19__throw_logic_errorPKc)		/* c++ */
NORETURN(_ZSt20__throw_length_errorPKc)		/* c++ */
NORETURN(_ZSt20__throw_out_of_rangePKc)		/* c++ */
NORETURN(_ZSt20__throw_system_errori)		/* c++ */
NORETURN(_ZSt21__throw_runtime_errorPKc)	/* c++ */
NORETURN(_ZSt24__throw_out_of_range_fmtPKcz)	/* c++ */
NORETURN(_ZSt25__throw_bad_function_callv)	/* c++ */
NORETURN(_ZSt28__throw_bad_array_new_lengthv)	/* c++ */
NORETURN(_ZSt9terminatev)			/* c++: std::terminate */
NORETURN(__assert_fail)				/* libc */
NORETURN(__assert_fail_base)			/* libc */
NORETURN(__assert_perror_fail)			/* libc */
NORETURN(__chk_fail)				/* libc: fortify */
NORETURN(__clang_call_terminate)		/* c++: clang's helper */
NORETURN(__cxa_bad_cast)			/* c++ */
NORETURN(__cxa_bad_typeid)			/* c++ */
NORETURN(__cxa_call_terminate)			/* c++ */
NORETURN(__cxa_call_unexpected)			/* c++ */
NORETURN(__cxa_deleted_virtual)			/* c++ */
NORETURN(__cxa_pure_virtual)			/* c++ */
NORETURN(__cxa_rethrow)				/* c++ */
NORETURN(__cxa_throw)				/* c++ */
NORETURN(__cxa_throw_bad_array_new_length)	/* c++ */
NORETURN(__do_cancel)				/* libc: thread cancellation */
NORETURN(__exit_thread)				/* libc */
NORETURN(__fdelt_warn)				/* libc: fortify */
NORETURN(__fortify_fail)			/* libc: fortify */
NORETURN(__fortify_panic)			/* kernel: fortify, 6.10 on */
NORETURN(__host_enter)				/* kernel: KVM pKVM */
NORETURN(__hwasan_tag_mismatch4)		/* sanitizers: hwasan, reports and dies */
NORETURN(__hyp_do_panic)			/* kernel: KVM */
NORETURN(__invalid_creds)			/* kernel */
NORETURN(__kunit_abort)				/* kernel: KUnit, 6.12 */
NORETURN(__libc_dynarray_at_failure)		/* libc */
NORETURN(__libc_fatal)				/* libc */
NORETURN(__libc_longjmp)			/* libc */
NORETURN(__libc_message)			/* libc */
NORETURN(__libc_siglongjmp)			/* libc */
NORETURN(__libc_start_call_main)		/* libc */
NORETURN(__libc_start_main)			/* libc */
NORETURN(__longjmp)				/* libc */
NORETURN(__longjmp_chk)				/* libc */
NORETURN(__malloc_assert)			/* libc */
NORETURN(__module_put_and_kthread_exit)		/* kernel */
NORETURN(__pkvm_init_finalise)			/* kernel: KVM pKVM */
NORETURN(__pthread_exit)			/* libc */
NORETURN(__pthread_unwind)			/* libc */
NORETURN(__pthread_unwind_next)			/* libc */
NORETURN(__reiserfs_panic)			/* kernel */
NORETURN(__run_exit_handlers)			/* libc: exit */
NORETURN(__stack_chk_fail)			/* kernel and libc: stack protector */
NORETURN(__stack_chk_fail_local)		/* libc: stack protector */
NORETURN(__ubsan_handle_builtin_unreachable)	/* kernel and libc: UBSAN */
NORETURN(_dl_fatal_printf)			/* libc: the dynamic loader */
NORETURN(_dl_signal_error)			/* libc: the dynamic loader */
NORETURN(_dl_signal_exception)			/* libc: the dynamic loader */
NORETURN(_exit)					/* libc */
NORETURN(_longjmp)				/* libc */
NORETURN(abort)					/* libc */
NORETURN(arch_call_rest_init)			/* kernel */
NORETURN(arch_cpu_idle_dead)			/* kernel: CPU hotplug */
NORETURN(arm64_serror_panic)			/* kernel */
NORETURN(bch2_trans_in_restart_error)		/* kernel: bcachefs, 6.12 */
NORETURN(bch2_trans_restart_error)		/* kernel: bcachefs, 6.12 */
NORETURN(bch2_trans_unlocked_error)		/* kernel: bcachefs, 6.12 */
NORETURN(cpu_startup_entry)			/* kernel */
NORETURN(do_exit)				/* kernel */
NORETURN(do_group_exit)				/* kernel */
NORETURN(do_task_dead)				/* kernel */
NORETURN(err)					/* libc */
NORETURN(errx)					/* libc */
NORETURN(exit)					/* libc */
NORETURN(fortify_panic)				/* kernel: fortify */
NORETURN(gomp_fatal)				/* libgomp */
NORETURN(gomp_vfatal)				/* libgomp */
NORETURN(hyp_panic)				/* kernel: KVM */
NORETURN(hyp_panic_bad_stack)			/* kernel: KVM */
NORETURN(kthread_complete_and_exit)		/* kernel */
NORETURN(kthread_exit)				/* kernel */
NORETURN(kunit_abort)				/* kernel: KUnit */
NORETURN(kunit_try_catch_throw)			/* kernel: KUnit */
NORETURN(kvm_host_psci_cpu_entry)		/* kernel: KVM pKVM */
NORETURN(longjmp)				/* libc */
NORETURN(make_task_dead)			/* kernel */
NORETURN(mpt_halt_firmware)			/* kernel: mpt3sas */
NORETURN(nmi_panic_self_stop)			/* kernel */
NORETURN(nvhe_hyp_panic_handler)		/* kernel: KVM */
NORETURN(panic)					/* kernel */
NORETURN(panic_smp_self_stop)			/* kernel */
NORETURN(pthread_exit)				/* libc */
NORETURN(quick_exit)				/* libc */
NORETURN(rest_init)				/* kernel */
NORETURN(rust_begin_unwind)			/* kernel: Rust panics */
NORETURN(rust_helper_BUG)			/* kernel: Rust */
NORETURN(siglongjmp)				/* libc */
NORETURN(start_kernel)				/* kernel */
NORETURN(thrd_exit)				/* libc */
NORETURN(usercopy_abort)			/* kernel */
NORETURN(verr)					/* libc */
NORETURN(verrx)					/* libc */
