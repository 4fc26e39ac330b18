// SPDX-License-Identifier: GPL-2.0-or-later
/* The record of a config read's inputs and the decision keeld's SIGHUP
 * takes from it: may a parse made earlier stand in for parsing now. */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfg.h"
#include "cfg_inputs.h"
#include "suites.h"

#define SEC 1000000000LL

/* A read that began at t = 100 s of two files written 10 s before and one
 * include pattern. */
static struct cfg_inputs *record(void)
{
	struct cfg_inputs *in = cfg_inputs_new();
	struct stat st = { .st_dev = 8, .st_ino = 100, .st_mode = S_IFREG | 0644, .st_size = 4096 };
	char *paths[] = { "/etc/keel/conf.d/a.conf", "/etc/keel/conf.d/b.conf" };

	ck_assert_ptr_nonnull(in);
	in->started_ns = 100 * SEC;
	st.st_mtim.tv_sec = st.st_ctim.tv_sec = 90;
	cfg_inputs_file(in, "/etc/keel/keel.conf", &st);
	st.st_ino = 101;
	cfg_inputs_file(in, "/etc/keel/conf.d/a.conf", &st);
	cfg_inputs_glob(in, "/etc/keel/conf.d/*.conf", 0, paths, 2);
	cfg_inputs_node(in, "lb1");
	ck_assert(!in->oom);
	return in;
}

static bool same(const struct cfg_inputs *a, const struct cfg_inputs *b)
{
	const char *why;
	bool r = cfg_inputs_same(a, b, &why);

	ck_assert(r == (why == NULL));
	return r;
}

START_TEST(identical_records_match)
{
	struct cfg_inputs *held = record(), *now = record();

	now->started_ns = 200 * SEC;	/* when the probe ran does not matter */
	ck_assert(same(held, now));
	cfg_inputs_free(held);
	cfg_inputs_free(now);
}
END_TEST

/* Every field of a file's stat is part of the match. */
START_TEST(any_file_field_differs)
{
	for (int field = 0; field < 7; field++) {
		struct cfg_inputs *held = record(), *now = record();
		struct cfg_input_file *f = &now->files[1];

		switch (field) {
		case 0: f->dev++; break;
		case 1: f->ino++; break;
		case 2: f->size++; break;
		case 3: f->mtime_ns++; break;	/* one nanosecond */
		case 4: f->ctime_ns++; break;	/* touch -d puts mtime back, not ctime */
		case 5: f->err = 2; break;	/* the file went */
		case 6: f->mode ^= 0444; break;	/* it became unreadable */
		}
		ck_assert_msg(!same(held, now), "field %d", field);
		cfg_inputs_free(held);
		cfg_inputs_free(now);
	}
}
END_TEST

START_TEST(a_missing_file_stays_missing)
{
	struct cfg_inputs *held = record(), *now = record();

	cfg_inputs_file(held, "/nonexistent/keel-x.conf", NULL);
	cfg_inputs_file(now, "/nonexistent/keel-x.conf", NULL);
	ck_assert_int_ne(held->files[2].err, 0);
	ck_assert(same(held, now));
	now->files[2].err = 0;	/* it appeared */
	ck_assert(!same(held, now));
	cfg_inputs_free(held);
	cfg_inputs_free(now);
}
END_TEST

START_TEST(glob_matches_differ)
{
	for (int change = 0; change < 3; change++) {
		struct cfg_inputs *held = record(), *now = record();
		struct cfg_input_glob *g = &now->globs[0];

		if (change == 0) {	/* b.conf was removed */
			free(g->paths[1]);
			g->npaths = 1;
		} else if (change == 1) {
			g->paths[1][17] = 'c';	/* renamed: the same count */
		} else {
			g->rc = 3;	/* GLOB_NOMATCH */
		}
		ck_assert_msg(!same(held, now), "change %d", change);
		cfg_inputs_free(held);
		cfg_inputs_free(now);
	}
}
END_TEST

/* A file stamped just before the read may have been rewritten within the
 * same clock tick: its stat would not show it. */
START_TEST(racy_files_are_not_trusted)
{
	struct cfg_inputs *held = record(), *now = record();

	held->files[0].mtime_ns = now->files[0].mtime_ns = held->started_ns - CFG_INPUTS_RACY_NS / 2;
	ck_assert(!same(held, now));
	held->files[0].mtime_ns = now->files[0].mtime_ns = held->started_ns - CFG_INPUTS_RACY_NS - 1;
	ck_assert(same(held, now));
	held->files[1].ctime_ns = now->files[1].ctime_ns = held->started_ns + SEC;
	ck_assert(!same(held, now));
	cfg_inputs_free(held);
	cfg_inputs_free(now);
}
END_TEST

START_TEST(random_node_and_incomplete_records)
{
	struct cfg_inputs *held = record(), *now = record();

	held->random = now->random = true;
	ck_assert(!same(held, now));
	held->random = now->random = false;
	free(now->node);
	now->node = strdup("lb2");
	ck_assert(!same(held, now));
	free(now->node);
	now->node = strdup("lb1");
	ck_assert(same(held, now));
	now->oom = true;
	ck_assert(!same(held, now));
	ck_assert(!same(held, NULL));
	ck_assert(!same(NULL, now));
	cfg_inputs_free(held);
	cfg_inputs_free(now);
}
END_TEST

/* equal: the same record, trusted or not (keeld drops a pre-parse equal
 * to what the running config read: it would only be a second copy) */
START_TEST(equal_ignores_trust)
{
	struct cfg_inputs *a = record(), *b = record();

	a->random = true;
	a->files[0].mtime_ns = a->started_ns;
	b->files[0].mtime_ns = a->started_ns;
	ck_assert(cfg_inputs_equal(a, b));
	ck_assert(!same(a, b));
	b->files[1].size--;
	ck_assert(!cfg_inputs_equal(a, b));
	ck_assert(!cfg_inputs_equal(a, NULL));
	cfg_inputs_free(a);
	cfg_inputs_free(b);
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* A real load records the main file, each include and each pattern; a
 * probe finds them unchanged, then sees an edit and a new match. */
START_TEST(load_records_and_probe_sees_edits)
{
	char dir[] = "/tmp/keel-inputs-XXXXXX", path[PATH_MAX], sub[PATH_MAX + 8];
	struct cfg_inputs *held = cfg_inputs_new(), *now;
	struct cfg_load_opts lo = { .config_id = "lb1", .inputs = held };
	struct cfg_diag *diag = cfg_diag_new();
	struct config *cfg;
	const char *why;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/d", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	snprintf(path, sizeof(path), "%s/d/a.conf", dir);
	write_file(path, "global_defs {\n router_id a\n}\n");
	snprintf(path, sizeof(path), "%s/keel.conf", dir);
	write_file(path, "include d/*.conf\n");
	cfg = cfg_load(path, &lo, diag);
	ck_assert_ptr_nonnull(cfg);
	ck_assert_uint_eq(held->nfiles, 2);
	ck_assert_str_eq(held->files[0].path, path);
	ck_assert_uint_eq(held->nglobs, 1);
	ck_assert_uint_eq(held->globs[0].npaths, 1);
	ck_assert_ptr_null(held->node);	/* -i given: the node name is not read */
	ck_assert(!held->random);
	held->started_ns += 10 * SEC;	/* the files were written just now */
	now = cfg_inputs_probe(held);
	ck_assert(cfg_inputs_same(held, now, &why));
	cfg_inputs_free(now);

	snprintf(path, sizeof(path), "%s/d/b.conf", dir);	/* a new match */
	write_file(path, "\n");
	now = cfg_inputs_probe(held);
	ck_assert(!cfg_inputs_same(held, now, &why));
	ck_assert_str_eq(why, "an include pattern matches other files");
	cfg_inputs_free(now);
	ck_assert_int_eq(unlink(path), 0);

	snprintf(path, sizeof(path), "%s/d/a.conf", dir);	/* an edit in place */
	write_file(path, "global_defs {\n router_id b\n}\n");
	now = cfg_inputs_probe(held);
	ck_assert(!cfg_inputs_same(held, now, &why));
	ck_assert_str_eq(why, "a file changed");
	cfg_inputs_free(now);

	unlink(path);
	snprintf(path, sizeof(path), "%s/keel.conf", dir);
	unlink(path);
	rmdir(sub);
	rmdir(dir);
	cfg_free(cfg);
	cfg_diag_free(diag);
	cfg_inputs_free(held);
}
END_TEST

Suite *cfg_inputs_suite(void)
{
	Suite *s = suite_create("cfg_inputs");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, identical_records_match);
	tcase_add_test(tc, any_file_field_differs);
	tcase_add_test(tc, a_missing_file_stays_missing);
	tcase_add_test(tc, glob_matches_differ);
	tcase_add_test(tc, racy_files_are_not_trusted);
	tcase_add_test(tc, random_node_and_incomplete_records);
	tcase_add_test(tc, equal_ignores_trust);
	tcase_add_test(tc, load_records_and_probe_sees_edits);
	suite_add_tcase(s, tc);
	return s;
}
