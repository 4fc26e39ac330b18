// SPDX-License-Identifier: GPL-2.0-or-later
/* A configuration read in parts by several threads (cfg_parts.c) must give
 * what one read from start to end gives: the same model (as keeld -t
 * --dump shows it), the same messages in the same order, the same
 * recorded inputs. Every config the project holds is read both ways, from
 * its file and from memory, cut into 2 to 4 parts wherever a part may
 * start; generated configs put what a part cannot read, and errors, on
 * each side of the cuts. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "cfg_dump.h"
#include "cfg_inputs.h"
#include "suites.h"

struct outcome {
	char *dump;		/* NULL: refused */
	char *msgs;		/* every diagnostic, one per line */
	unsigned errors, warnings, parts_read;
	size_t ninputs;
};

static void outcome_free(struct outcome *o)
{
	free(o->dump);
	free(o->msgs);
}

static struct outcome read_cfg(const char *path, const char *text, unsigned parts)
{
	struct cfg_inputs *in = cfg_inputs_new();
	struct cfg_load_opts o = { .config_id = "lab", .inputs = in, .parts = parts, .part_min = 1 };
	struct cfg_diag *d = cfg_diag_new();
	struct config *c = text ? cfg_load_string(path, text, &o, d) : cfg_load(path, &o, d);
	struct outcome r = { .errors = cfg_diag_errors(d), .warnings = cfg_diag_warnings(d) };
	size_t len = 0;
	FILE *m = open_memstream(&r.msgs, &len);

	for (size_t i = 0; i < cfg_diag_count(d); i++)
		fprintf(m, "%s\n", cfg_diag_message(d, i));
	fclose(m);
	if (c) {
		struct json_writer w;

		json_init(&w);
		cfg_dump(c, &w);
		r.dump = strdup(json_text(&w));
		json_free(&w);
		r.parts_read = c->parts_read;
	}
	r.ninputs = in->nfiles;
	cfg_free(c);
	cfg_diag_free(d);
	cfg_inputs_free(in);
	return r;
}

/* Reads path (or text) whole and in 2..4 parts; returns the largest
 * number of parts that were joined. */
static unsigned same_in_parts(const char *path, const char *text)
{
	struct outcome whole = read_cfg(path, text, 1);
	unsigned most = 0;

	ck_assert_uint_eq(whole.parts_read, 0);
	for (unsigned parts = 2; parts <= CFG_PARTS_MAX; parts++) {
		struct outcome cut = read_cfg(path, text, parts);

		ck_assert_msg((whole.dump == NULL) == (cut.dump == NULL), "%s in %u parts: %s", path, parts,
			      cut.dump ? "accepted" : "refused");
		if (whole.dump)
			ck_assert_msg(strcmp(whole.dump, cut.dump) == 0, "%s in %u parts: another model", path,
				      parts);
		ck_assert_msg(strcmp(whole.msgs, cut.msgs) == 0, "%s in %u parts: messages\n%s-- against --\n%s",
			      path, parts, cut.msgs, whole.msgs);
		ck_assert_uint_eq(whole.errors, cut.errors);
		ck_assert_uint_eq(whole.warnings, cut.warnings);
		ck_assert_uint_eq(whole.ninputs, cut.ninputs);
		if (cut.parts_read > most)
			most = cut.parts_read;
		outcome_free(&cut);
	}
	outcome_free(&whole);
	return most;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t len = 0;
	FILE *m;
	int c;

	if (!f)
		return NULL;
	m = open_memstream(&text, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(m);
	fclose(f);
	return text;
}

static const char *repo(void)
{
	static char root[4096];
	const char *d = getenv("KEEL_TEST_DATA");

	snprintf(root, sizeof(root), "%s/../../..", d ? d : "test/unit/data");
	return root;
}

/* Every regular file of dir, both ways; the number read. */
static unsigned corpus(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[16384];
		char *text;

		if (e->d_name[0] == '.' || e->d_type != DT_REG)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		same_in_parts(path, NULL);
		if ((text = slurp(path))) {
			/* text with a NUL is not a string: the file read covers it */
			same_in_parts(path, text);
			free(text);
		}
		n++;
	}
	closedir(d);
	return n;
}

START_TEST(project_configs)
{
	/* (test/fuzz/fuzz_cfg.c compares the two reads of its corpus) */
	static const char *const dirs[] = { "test/config-errors", "test/conformance", "etc",
					     "test/unit/data/cfg/check", "test/unit/data/cfg/loop",
					     "test/unit/data/cfg/inc" };
	unsigned n = 0;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char dir[8192];

		snprintf(dir, sizeof(dir), "%s/%s", repo(), dirs[i]);
		n += corpus(dir);
	}
	ck_assert_uint_ge(n, 150);
	corpus("/usr/share/doc/keepalived/samples");	/* when keepalived's are installed */
}
END_TEST

/* n virtual servers of two real servers each, with `extra` written as the
 * text of virtual server k (its body's last line). */
static char *many(unsigned n, unsigned k, const char *extra)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	fprintf(m, "global_defs {\n    router_id lab\n}\n");
	for (unsigned i = 0; i < n; i++) {
		fprintf(m, "# server %u\n\nvirtual_server 10.1.%u.%u 443 {\n    lb_algo wrr\n    protocol TCP\n",
			i, i / 250, i % 250 + 1);
		for (unsigned j = 0; j < 2; j++)
			fprintf(m, "    real_server 10.2.%u.%u 443 {\n        weight %u\n        TCP_CHECK {\n"
				   "            connect_timeout 3\n        }\n    }\n",
				i / 120, (i % 120) * 2 + j + 1, j + 1);
		fprintf(m, "%s%s}\n", i == k ? extra : "", i == k ? "\n" : "");
	}
	fclose(m);
	return text;
}

static unsigned parts_of(const char *text)
{
	char path[] = "/tmp/keel-parts-XXXXXX";
	int fd = mkstemp(path);
	size_t len = strlen(text);
	unsigned file, mem;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	file = same_in_parts(path, NULL);
	mem = same_in_parts(path, text);
	unlink(path);
	ck_assert_uint_eq(file, mem);
	return file;
}

START_TEST(plain_blocks_are_read_in_parts)
{
	char *text = many(400, 0, "");

	ck_assert_uint_eq(parts_of(text), CFG_PARTS_MAX);
	free(text);
}
END_TEST

/* Lines a part cannot read, or mistakes, in the last virtual server (in
 * the last part): the same result, read whole or in parts as it allows. */
static const char *const late[] = {
	"    weight_of_nothing 3",				/* unknown keyword: a warning */
	"    delay_loop x",					/* an error */
	"    real_server 10.9.9.9 443 { weight 1 }\n    real_server 10.9.9.9 443 { weight 2 }",
	"    quorum_up \"/bin/true\"",
	"    @lab persistence_timeout 60",			/* conditional */
	"    @^lab persistence_timeout 60",
	"    persistence_timeout $T",				/* parameter */
	"    include /nonexistent/keel.conf",
	"    ~SEQ(i,1,2) real_server 10.8.0.$i 443 { weight 1 }",
	"}\nvrrp_instance VI {\n    interface lo\n    virtual_router_id 7\n    priority 100\n"
	"    virtual_ipaddress {\n        10.0.0.9\n    }",	/* another top-level block */
	"}\nvirtual_server 10.1.0.1 443 {\n    lb_algo rr",	/* the first one again */
	"    real_server 10.3.0.1 443 {",			/* a '{' never closed */
	"}\n}",							/* a stray '}' */
	"    real_server 10.3.0.2 443 { MISC_CHECK { misc_path \"/bin/true\" } }",
	"    real_server 10.3.0.3 443 { FILE_CHECK { file x } }",
	"    \"unterminated",
	"    sorry_server 10.4.0.1 443 # a comment\n    ! another",
	"    line \\\n    continued",
};

START_TEST(anything_in_a_late_part)
{
	char *text = many(120, 110, late[_i]);

	parts_of(text);
	free(text);
}
END_TEST

/* The same in the first part, and where a cut would go. */
START_TEST(anything_in_an_early_part)
{
	char *text = many(120, 2, late[_i]);

	parts_of(text);
	free(text);
	text = many(120, 59, late[_i]);
	parts_of(text);
	free(text);
}
END_TEST

/* A part's messages join the whole's in file order. */
START_TEST(a_warning_in_a_part)
{
	char *text = many(120, 110, late[0]);

	ck_assert_uint_eq(parts_of(text), CFG_PARTS_MAX);
	free(text);
}
END_TEST

/* Cuts that the whole read passes inside a block or a line. */
START_TEST(cuts_that_do_not_hold)
{
	static const char *const odd[] = {
		/* a line that looks like an opener inside a block */
		"    real_server 10.5.0.1 443 {\nvirtual_server 10.6.0.1 443 {\n    }\n    }",
		/* a parameter whose lines run over the next opener */
		"}\n$P=weight 1 \\\nvirtual_server 10.7.0.1 443 {\nvirtual_server 10.7.0.2 443 {",
		/* the opener's '{' on the next line */
		"}\nvirtual_server 10.7.0.3 443\n{",
	};
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		for (unsigned k = 0; k < 120; k += 7) {
			char *text = many(120, k, odd[i]);

			parts_of(text);
			free(text);
		}
	}
}
END_TEST

START_TEST(a_parameter_defined_early_is_seen_late)
{
	char *text = many(200, 190, "    persistence_timeout $T"), *with;

	ck_assert_int_ge(asprintf(&with, "$T=77\n%s", text), 0);
	ck_assert_uint_eq(parts_of(with), 0);	/* the part refused: read on whole */
	free(with);
	free(text);
}
END_TEST

Suite *cfg_parts_suite(void)
{
	Suite *s = suite_create("cfg_parts");
	TCase *tc = tcase_create("parts");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, project_configs);
	tcase_add_test(tc, plain_blocks_are_read_in_parts);
	tcase_add_loop_test(tc, anything_in_a_late_part, 0, (int)(sizeof(late) / sizeof(late[0])));
	tcase_add_loop_test(tc, anything_in_an_early_part, 0, (int)(sizeof(late) / sizeof(late[0])));
	tcase_add_test(tc, a_warning_in_a_part);
	tcase_add_test(tc, cuts_that_do_not_hold);
	tcase_add_test(tc, a_parameter_defined_early_is_seen_late);
	suite_add_tcase(s, tc);
	return s;
}
