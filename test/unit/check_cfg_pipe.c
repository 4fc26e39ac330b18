// SPDX-License-Identifier: GPL-2.0-or-later
/* The reader on a thread of its own (read_ahead) against the plain one:
 * the same tokens with the same locations, the same diagnostics in the
 * same order, the same model and the same record of inputs, for every
 * configuration the project holds (keepalived's samples, keel's, the unit
 * and fuzz data) and for made-up ones that put diagnostics of both the
 * reader and the parser across its chunks. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "cfg_diag.h"
#include "cfg_dump.h"
#include "cfg_inputs.h"
#include "cfg_reader.h"
#include "json.h"
#include "suites.h"

/* The repository's top directory: $KEEL_SRCDIR, else from $KEEL_TEST_DATA
 * (test/unit/data), else the working directory. */
static char *src_path(const char *rel)
{
	const char *top = getenv("KEEL_SRCDIR"), *data = getenv("KEEL_TEST_DATA");
	char *p = NULL;

	if (top)
		ck_assert_int_ge(asprintf(&p, "%s/%s", top, rel), 0);
	else if (data)
		ck_assert_int_ge(asprintf(&p, "%s/../../../%s", data, rel), 0);
	else
		ck_assert_int_ge(asprintf(&p, "./%s", rel), 0);
	return p;
}

static void same_messages(const struct cfg_diag *a, const struct cfg_diag *b, const char *what)
{
	ck_assert_msg(cfg_diag_errors(a) == cfg_diag_errors(b) &&
			      cfg_diag_warnings(a) == cfg_diag_warnings(b),
		      "%s: %u errors, %u warnings plain; %u, %u read ahead", what, cfg_diag_errors(a),
		      cfg_diag_warnings(a), cfg_diag_errors(b), cfg_diag_warnings(b));
	ck_assert_msg(cfg_diag_count(a) == cfg_diag_count(b), "%s: %zu messages plain, %zu read ahead",
		      what, cfg_diag_count(a), cfg_diag_count(b));
	for (size_t i = 0; i < cfg_diag_count(a); i++)
		ck_assert_msg(strcmp(cfg_diag_message(a, i), cfg_diag_message(b, i)) == 0,
			      "%s: message %zu: plain '%s', read ahead '%s'", what, i,
			      cfg_diag_message(a, i), cfg_diag_message(b, i));
	ck_assert_str_eq(cfg_diag_first_error(a) ? cfg_diag_first_error(a) : "-",
			 cfg_diag_first_error(b) ? cfg_diag_first_error(b) : "-");
}

static struct cfg_reader *open_reader(const char *path, const char *text, bool ahead,
				      struct cfg_diag *diag)
{
	struct cfg_reader_opts o = { .config_id = "lb1", .read_ahead = ahead };

	return text ? cfg_reader_open_string(path, text, &o, diag) : cfg_reader_open(path, &o, diag);
}

/* Token by token, then the repeated EOF, then the diagnostics. */
static void same_tokens(const char *path, const char *text)
{
	struct cfg_diag *da = cfg_diag_new(), *db = cfg_diag_new();
	struct cfg_reader *a = open_reader(path, text, false, da), *b = open_reader(path, text, true, db);
	size_t n = 0;

	ck_assert_msg((a == NULL) == (b == NULL), "%s: opened one way only", path);
	for (int eofs = 0; a && eofs < 3; n++) {
		const struct cfg_token *x = cfg_reader_take(a), *y = cfg_reader_take(b);

		ck_assert_msg(x->kind == y->kind && x->len == y->len && x->quoted == y->quoted &&
				      strcmp(x->text, y->text) == 0,
			      "%s: token %zu: plain %d '%s', read ahead %d '%s'", path, n, x->kind, x->text,
			      y->kind, y->text);
		ck_assert_msg(x->loc.line == y->loc.line && x->loc.col == y->loc.col &&
				      strcmp(x->loc.file ? x->loc.file : "-", y->loc.file ? y->loc.file : "-") == 0,
			      "%s: token %zu '%s' at %u:%u plain, %u:%u read ahead", path, n, x->text,
			      x->loc.line, x->loc.col, y->loc.line, y->loc.col);
		eofs += x->kind == CFG_TOK_EOF;
	}
	cfg_reader_free(a);
	cfg_reader_free(b);
	same_messages(da, db, path);
	cfg_diag_free(da);
	cfg_diag_free(db);
}

static char *dump(const struct config *c)
{
	struct json_writer w;
	char *s;

	if (!c)
		return strdup("(none)");
	json_init(&w);
	cfg_dump(c, &w);
	s = strdup(json_text(&w));
	json_free(&w);
	return s;
}

/* The whole load: model, diagnostics and the record of what it read. */
static void same_load(const char *path, const char *text)
{
	struct cfg_diag *d[2] = { cfg_diag_new(), cfg_diag_new() };
	struct cfg_inputs *in[2] = { cfg_inputs_new(), cfg_inputs_new() };
	char *dumps[2];

	for (int i = 0; i < 2; i++) {
		struct cfg_load_opts o = { .config_id = "lb1", .inputs = in[i],
					   .read_ahead = i ? CFG_READ_AHEAD_ALWAYS : CFG_READ_AHEAD_NEVER };
		struct config *c = text ? cfg_load_string(path, text, &o, d[i]) : cfg_load(path, &o, d[i]);

		dumps[i] = dump(c);
		cfg_free(c);
	}
	ck_assert_msg(strcmp(dumps[0], dumps[1]) == 0, "%s: the models differ", path);
	same_messages(d[0], d[1], path);
	ck_assert_msg(in[0]->nfiles == in[1]->nfiles && in[0]->nglobs == in[1]->nglobs &&
			      in[0]->random == in[1]->random &&
			      !strcmp(in[0]->node ? in[0]->node : "-", in[1]->node ? in[1]->node : "-"),
		      "%s: the records of inputs differ", path);
	for (int i = 0; i < 2; i++) {
		free(dumps[i]);
		cfg_diag_free(d[i]);
		cfg_inputs_free(in[i]);
	}
}

static void both(const char *path, const char *text)
{
	same_tokens(path, text);
	same_load(path, text);
}

static size_t glob_each(const char *rel)
{
	char *pat = src_path(rel);
	glob_t g;
	size_t n = 0;

	if (glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++, n++)
			both(g.gl_pathv[i], NULL);
		globfree(&g);
	}
	free(pat);
	return n;
}

START_TEST(project_configs)
{
	size_t n = glob_each("etc/*.conf") + glob_each("test/unit/data/cfg/*/*.conf") +
		   glob_each("test/unit/data/cfg/*/*/*.conf") + glob_each("test/fuzz/corpus/fuzz_cfg/*");

	ck_assert_uint_ge(n, 20);	/* the files are where the test expects them */
}
END_TEST

START_TEST(keepalived_samples)
{
	glob_t g;

	if (glob("/usr/share/doc/keepalived/samples/keepalived.conf.*", 0, NULL, &g) != 0)
		ck_abort_msg("keepalived's samples are not installed (scripts/deps.sh installs them)");
	for (size_t i = 0; i < g.gl_pathc; i++)
		both(g.gl_pathv[i], NULL);
	globfree(&g);
}
END_TEST

/* A big file (many chunks) whose diagnostics of both kinds fall on every
 * side of the chunk boundaries: the reader's ('\' at a line's end, an
 * unmatched '}', braces left open at the end) and the parser's (unknown
 * and unimplemented keywords, bad values), with parameters, ~SEQ and
 * conditional lines in between. */
static char *big_text(unsigned nvs)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	fprintf(f, "$W=3\nglobal_defs {\n router_id lb1\n}\n");
	for (unsigned i = 0; i < nvs; i++) {
		fprintf(f, "virtual_server 10.%u.%u.1 80 {\n    lvs_sched wrr\n    protocol TCP\n",
			i / 250, i % 250);
		if (i % 97 == 0)
			fprintf(f, "    no_such_keyword %u\n", i);
		if (i % 89 == 0)
			fprintf(f, "    persistence_timeout x\\\n");
		if (i % 83 == 0)
			fprintf(f, "    }\n    }\n");
		if (i % 79 == 0)
			fprintf(f, "    @lb1 delay_loop 5\n    @lb2 delay_loop 6\n");
		if (i % 71 == 0)
			fprintf(f, "    ~SEQ(n, 1, 3) real_server 10.200.%u.$n 80 { weight $W }\n", i % 250);
		fprintf(f, "    real_server 10.100.%u.%u 80 {\n        weight $W\n", i / 250, i % 250);
		if (i % 61 == 0)
			fprintf(f, "        smtp_alert\n");
		fprintf(f, "        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}\n");
	}
	fprintf(f, "virtual_server 10.255.0.1 80 {\n    real_server 10.255.0.2 80 {\n");
	fclose(f);
	return text;
}

START_TEST(diagnostics_across_chunks)
{
	char *text = big_text(3000);

	both("big.conf", text);
	free(text);
}
END_TEST

/* The caller stops early: the thread is told, joined, and everything freed
 * (the sanitizer build checks the leaks). */
START_TEST(stop_early)
{
	char *text = big_text(3000);
	struct cfg_diag *d = cfg_diag_new();
	struct cfg_reader *r = open_reader("big.conf", text, true, d);

	for (int i = 0; i < 20000; i++)
		cfg_reader_take(r);
	cfg_reader_free(r);
	cfg_diag_free(d);
	free(text);
}
END_TEST

START_TEST(missing_file)
{
	both("/nonexistent/keel.conf", NULL);
}
END_TEST

Suite *cfg_pipe_suite(void)
{
	Suite *s = suite_create("cfg_pipe");
	TCase *tc = tcase_create("read_ahead");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, project_configs);
	tcase_add_test(tc, keepalived_samples);
	tcase_add_test(tc, diagnostics_across_chunks);
	tcase_add_test(tc, stop_early);
	tcase_add_test(tc, missing_file);
	suite_add_tcase(s, tc);
	return s;
}
