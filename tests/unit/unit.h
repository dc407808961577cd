/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VALIDATE_TESTS_UNIT_H
#define VALIDATE_TESTS_UNIT_H

#include <check.h>

TCase *decode_tests(void);
TCase *cfi_tests(void);
TCase *dwarf_tests(void);
TCase *policy_tests(void);
TCase *registry_tests(void);
TCase *sframe_tests(void);
TCase *bitmap_tests(void);
TCase *pool_tests(void);
TCase *par_tests(void);

#endif
