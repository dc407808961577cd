// SPDX-License-Identifier: GPL-2.0
#include <check.h>
#include <stdlib.h>

#include "unit.h"

int main(void)
{
	Suite *s = suite_create("validate");
	SRunner *sr;
	int failed;

	suite_add_tcase(s, decode_tests());
	suite_add_tcase(s, cfi_tests());
	suite_add_tcase(s, dwarf_tests());
	suite_add_tcase(s, policy_tests());
	suite_add_tcase(s, registry_tests());
	suite_add_tcase(s, sframe_tests());
	suite_add_tcase(s, bitmap_tests());
	suite_add_tcase(s, pool_tests());
	suite_add_tcase(s, par_tests());
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
