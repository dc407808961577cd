// SPDX-License-Identifier: GPL-2.0
/*
 * The check table, Documentation/checks.md and tests/fixtures/ in step:
 * every check id has a "## id" section and a good and a bad fixture
 * (named id-good*, id-bad*; a bad one expects its id), and no section or
 * fixture names an id the table does not have.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate/check.h"
#include "unit.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif

/* The check whose id the name starts with, followed by -good or -bad. */
static enum check_id fixture_check(const char *name, bool *good)
{
	enum check_id c;

	for (c = 0; c < CHECK_MAX; c++) {
		const char *id = check_info(c)->id;
		size_t n = strlen(id);

		if (strncmp(name, id, n))
			continue;
		if (!strncmp(name + n, "-good", 5) || !strncmp(name + n, "-bad", 4)) {
			*good = name[n + 1] == 'g';
			return c;
		}
	}
	return CHECK_MAX;
}

static bool file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	char line[512];
	bool found = false;

	ck_assert_msg(f, "cannot open %s", path);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

START_TEST(test_fixtures_name_real_ids)
{
	int good[CHECK_MAX] = { 0 }, bad[CHECK_MAX] = { 0 };
	DIR *d = opendir(SRCDIR "/tests/fixtures");
	struct dirent *e;
	enum check_id c;

	ck_assert(d);
	while ((e = readdir(d))) {
		char path[1024], expect[128];
		bool is_good;

		if (e->d_name[0] == '.')
			continue;
		c = fixture_check(e->d_name, &is_good);
		/* compiled-C corpora (compiled.c, unwind.cc) name no check */
		ck_assert_msg(c != CHECK_MAX || (!strstr(e->d_name, "-good") &&
						 !strstr(e->d_name, "-bad")),
			      "%s names no check id", e->d_name);
		if (c == CHECK_MAX)
			continue;
		(is_good ? good : bad)[c]++;
		snprintf(path, sizeof(path), SRCDIR "/tests/fixtures/%s", e->d_name);
		snprintf(expect, sizeof(expect), "// expect: %s ", check_info(c)->id);
		if (!is_good)
			ck_assert_msg(file_has(path, expect),
				      "%s expects no %s finding", e->d_name,
				      check_info(c)->id);
	}
	closedir(d);
	for (c = 0; c < CHECK_MAX; c++) {
		ck_assert_msg(good[c], "no good fixture for %s", check_info(c)->id);
		ck_assert_msg(bad[c], "no bad fixture for %s", check_info(c)->id);
	}
}
END_TEST

START_TEST(test_docs_name_real_ids)
{
	FILE *f = fopen(SRCDIR "/Documentation/checks.md", "r");
	bool seen[CHECK_MAX] = { false };
	char line[512];
	enum check_id c;

	ck_assert(f);
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "## ", 3))
			continue;
		line[strcspn(line, "\n")] = '\0';
		c = check_by_name(line + 3);
		ck_assert_msg(c != CHECK_MAX, "checks.md: section '%s' is no check id",
			      line + 3);
		ck_assert_msg(!seen[c], "checks.md: two sections for %s", line + 3);
		seen[c] = true;
	}
	fclose(f);
	for (c = 0; c < CHECK_MAX; c++)
		ck_assert_msg(seen[c], "checks.md: no section for %s",
			      check_info(c)->id);
}
END_TEST

TCase *registry_tests(void)
{
	TCase *tc = tcase_create("registry");

	tcase_add_test(tc, test_fixtures_name_real_ids);
	tcase_add_test(tc, test_docs_name_real_ids);
	return tc;
}
