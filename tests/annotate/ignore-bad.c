/*
 * VALIDATE_IGNORE_FUNC naming no function: the address of a table is no
 * code.  One bad-hint, at the entry.
 */
#include <validate/annotate.h>

int table[4];
VALIDATE_IGNORE_FUNC(table);

int get(int i)
{
	return table[i & 3];
}
