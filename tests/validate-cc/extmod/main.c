// SPDX-License-Identifier: GPL-2.0
/* An out-of-tree module: compiled C, checked as it is built with M=. */
#include <linux/module.h>

int vcc_test_early(int x);

static int __init vcc_test_init(void)
{
	return vcc_test_early(0);
}

static void __exit vcc_test_exit(void)
{
}

module_init(vcc_test_init);
module_exit(vcc_test_exit);
MODULE_LICENSE("GPL");
