// SPDX-License-Identifier: GPL-2.0-or-later
/* The configuration reader: tokens and their locations, comments, quotes,
 * includes, conditionals, parameters, ~SEQ/~LST, built-ins, and every
 * diagnostic with its exact FILE:LINE:COL. Data files live under
 * $KEEL_TEST_DATA/cfg (default test/unit/data/cfg). */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cfg_diag.h"
#include "cfg_reader.h"
#include "suites.h"

enum { R_LOC = 1, R_FILE = 2 };

struct out {
	char *toks;		/* the token stream, rendered */
	char *msgs;		/* every diagnostic, one per line */
	unsigned errors, warnings;
	bool opened;
};

static void out_free(struct out *o)
{
	free(o->toks);
	free(o->msgs);
}

static const char *data_dir(void)
{
	const char *d = getenv("KEEL_TEST_DATA");

	return d && *d ? d : "test/unit/data";
}

static char *data_path(const char *rel)
{
	char *p;

	ck_assert_int_ge(asprintf(&p, "%s/cfg/%s", data_dir(), rel), 0);
	return p;
}

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Words separated by a space, "quoted" words in quotes, EOL as a newline;
 * R_LOC puts LINE:COL: before each token, R_FILE the file's base name. */
static char *render(struct cfg_reader *r, int flags)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	struct cfg_token t;
	bool bol = true;

	ck_assert_ptr_nonnull(f);
	while (cfg_reader_next(r, &t) != CFG_TOK_EOF) {
		if (t.kind == CFG_TOK_EOL) {
			ck_assert_uint_eq(t.len, 0);
			fputc('\n', f);
			bol = true;
			continue;
		}
		ck_assert_uint_eq(strlen(t.text), t.len);
		if (!bol)
			fputc(' ', f);
		bol = false;
		if (flags & R_FILE)
			fprintf(f, "%s:", base(t.loc.file));
		if (flags & R_LOC)
			fprintf(f, "%u:%u:", t.loc.line, t.loc.col);
		fprintf(f, t.quoted ? "\"%s\"" : "%s", t.text);
	}
	/* EOF stays EOF */
	ck_assert_int_eq(cfg_reader_next(r, &t), CFG_TOK_EOF);
	fclose(f);
	return s;
}

static char *messages(const struct cfg_diag *d)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	ck_assert_ptr_nonnull(f);
	for (size_t i = 0; i < cfg_diag_count(d); i++)
		fprintf(f, "%s\n", cfg_diag_message(d, i));
	fclose(f);
	return s;
}

static struct out finish(struct cfg_reader *r, struct cfg_diag *d, int flags)
{
	struct out o = { .opened = r != NULL };

	o.toks = r ? render(r, flags) : strdup("");
	cfg_reader_free(r);
	o.msgs = messages(d);
	o.errors = cfg_diag_errors(d);
	o.warnings = cfg_diag_warnings(d);
	cfg_diag_free(d);
	return o;
}

static struct out run_opts(const char *text, const struct cfg_reader_opts *opts, int flags)
{
	struct cfg_diag *d = cfg_diag_new();

	ck_assert_ptr_nonnull(d);
	return finish(cfg_reader_open_string("t.conf", text, opts, d), d, flags);
}

static struct out run(const char *text, int flags)
{
	struct cfg_reader_opts o = { .config_id = "main" };

	return run_opts(text, &o, flags);
}

static struct out run_named(const char *name, const char *text, int flags)
{
	struct cfg_diag *d = cfg_diag_new();
	struct cfg_reader_opts o = { .config_id = "main" };

	return finish(cfg_reader_open_string(name, text, &o, d), d, flags);
}

static struct out run_file(const char *path, int flags)
{
	struct cfg_diag *d = cfg_diag_new();
	struct cfg_reader_opts o = { .config_id = "main" };

	return finish(cfg_reader_open(path, &o, d), d, flags);
}

/* text gives exactly toks and msgs */
#define CHECK(text, flags, want_toks, want_msgs)                  \
	do {                                                      \
		struct out o_ = run((text), (flags));             \
		ck_assert_str_eq(o_.toks, (want_toks));           \
		ck_assert_str_eq(o_.msgs, (want_msgs));           \
		out_free(&o_);                                    \
	} while (0)

/* ---- tokens ------------------------------------------------------------- */

START_TEST(test_tokens_and_locations)
{
	CHECK("global_defs {\n  router_id r1\n}\n", R_LOC,
	      "1:1:global_defs 1:13:{\n2:3:router_id 2:13:r1\n3:1:}\n", "");
	/* tabs count one column; CRLF is whitespace; no newline at the end */
	CHECK("a\tb\r\n  c", R_LOC, "1:1:a 1:3:b\n2:3:c\n", "");
}
END_TEST

START_TEST(test_braces_glued)
{
	CHECK("virtual_ipaddress{10.0.0.1}\nx {y}}\n", R_LOC,
	      "1:1:virtual_ipaddress 1:18:{ 1:19:10.0.0.1 1:27:}\n2:1:x 2:3:{ 2:4:y 2:5:}\n",
	      "t.conf:2:6: error: '}' without a matching '{'\n");
	CHECK("a{{b}}c\n", 0, "a { { b } } c\n", "");
	CHECK("\"x{y}z\" {}\n", 0, "\"x{y}z\" { }\n", "");
}
END_TEST

/* Every token of text with its kind and LINE:COL (EOL's too), then the
 * diagnostics. */
static char *all_tokens(const char *text)
{
	struct cfg_diag *d = cfg_diag_new();
	struct cfg_reader *r = cfg_reader_open_string("t.conf", text, NULL, d);
	struct cfg_token t;
	char *s = NULL, *msgs;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(f);
	while (cfg_reader_next(r, &t) != CFG_TOK_EOF)
		fprintf(f, "%d %u:%u [%s]%s\n", (int)t.kind, t.loc.line, t.loc.col, t.text,
			t.quoted ? " quoted" : "");
	fprintf(f, "EOF %u:%u\n", t.loc.line, t.loc.col);
	cfg_reader_free(r);
	msgs = messages(d);
	fputs(msgs, f);
	free(msgs);
	cfg_diag_free(d);
	fclose(f);
	return s;
}

/* A common line (only words, spaces and braces) is read in one pass; a
 * comment sends the same line the full way. Both give the same tokens,
 * locations and diagnostics. */
START_TEST(test_common_lines_one_pass)
{
	static const char *const lines[] = {
		"global_defs {", "    router_id lb-1", "    random_seed x", "}",
		"virtual_server 10.0.0.1 80 {", "\tdelay_loop 6\r", "",
		"  real_server 10.200.0.1 8080{weight 1}", "}}", "   {", "x{y}z", "{", "}",
		"a_word_of_more_than_sixteen_bytes_then_some x", "\v\fw \t v  ", "        ",
		"                        sixteen_bytes_x_", "}",
	};
	char *fast = NULL, *full = NULL, *a, *b;
	size_t nf = 0, nl = 0;
	FILE *f = open_memstream(&fast, &nf), *g = open_memstream(&full, &nl);

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(g);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		fprintf(f, "%s\n", lines[i]);
		fprintf(g, "%s # the full way\n", lines[i]);
	}
	fclose(f);
	fclose(g);
	a = all_tokens(fast);
	b = all_tokens(full);
	ck_assert_str_eq(a, b);
	ck_assert_ptr_nonnull(strstr(a, "1 5:28 [{]"));	/* not an empty run */
	free(a);
	free(b);
	free(fast);
	free(full);
}
END_TEST

START_TEST(test_blank_and_comment_lines)
{
	/* one EOL per logical line; none for blank or comment lines */
	CHECK("\n\n  # c\n! bang\n\t\na b\n\n\nc\n", R_LOC, "6:1:a 6:3:b\n9:1:c\n", "");
	CHECK("", 0, "", "");
	CHECK("# only\n", 0, "", "");
}
END_TEST

START_TEST(test_comments)
{
	CHECK("a b # c d\n", 0, "a b\n", "");
	CHECK("a b ! c d\n", 0, "a b\n", "");
	/* anywhere on a line, even inside a word, as keepalived does */
	CHECK("a#b c\nd!e f\n", 0, "a\nd\n", "");
	/* not inside quotes */
	CHECK("a \"b # c ! d\" e # f\n", R_LOC, "1:1:a 1:3:\"b # c ! d\" 1:15:e\n", "");
	CHECK("x \"#\"#\"y\"\n", 0, "x \"#\"\n", "");
}
END_TEST

START_TEST(test_quotes)
{
	/* a quote starts a new word even inside one, as keepalived does */
	CHECK("abcd\" efg h jkl \"mnop\n", R_LOC, "1:1:abcd 1:5:\" efg h jkl \" 1:18:mnop\n", "");
	CHECK("a\"b c\"d e\n", 0, "a \"b c\" d e\n", "");
	CHECK("x \"\" y\n", 0, "x \"\" y\n", "");
	CHECK("\"a\"\"b\"\n", 0, "\"a\" \"b\"\n", "");
	/* single quotes are plain text for the tokenizer */
	CHECK("'q r'\n", 0, "'q r'\n", "");
	/* nothing inside quotes is interpreted: escapes are for script lines */
	CHECK("s \"a\\tb\\x41\"\n", 0, "s \"a\\tb\\x41\"\n", "");
	/* but \" neither ends nor starts a quoted string, and \\ is a pair */
	CHECK("s \"a\\\"b # c\" d\n", R_LOC, "1:1:s 1:3:\"a\\\"b # c\" 1:14:d\n", "");
	CHECK("s \"x\\\\\" y\nw a\\\"b c\"d\"\n", 0, "s \"x\\\\\" y\nw a\\\"b c \"d\"\n", "");
}
END_TEST

START_TEST(test_unterminated_quote)
{
	CHECK("a \"b c\nnext \"ok\"\n", R_LOC,
	      "1:1:a\n2:1:next 2:6:\"ok\"\n",
	      "t.conf:1:3: error: unterminated quoted string\n");
	/* the last quote of the line is the unterminated one */
	CHECK("x \"a\" \"b\n", 0, "x \"a\"\n", "t.conf:1:7: error: unterminated quoted string\n");
}
END_TEST

START_TEST(test_split_args)
{
	static const struct {
		const char *in;
		const char *out;	/* arguments joined with | */
	} cases[] = {
		{ "/bin/s a  b", "/bin/s|a|b" },
		{ "abcd\" efg h jkl \"mnop", "abcd efg h jkl mnop" },
		{ "abcd \"efg h jkl\" mnop", "abcd|efg h jkl|mnop" },
		{ "'x y''z' a''b ''", "x yz|ab|" },
		{ "\\x41\\1012\\x4g \\x", "AA2\x04g|x" },
		{ "\\x414 \\0777", "A4|\077" "7" },
		{ "\\cA\\ca\\E\\t\\n", "\x01\x01\x1b\t\n" },
		{ "a\\ b \\\\ \\\" \\q", "a b|\\|\"|q" },
		{ "'\\x41' \"\\101\"", "A|A" },
		{ "   ", "" },
		{ "end\\", "end\\" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t argc = 99;
		char **argv = cfg_split_args(cases[i].in, strlen(cases[i].in), &argc);
		char joined[128] = "";

		ck_assert_ptr_nonnull(argv);
		for (size_t k = 0; k < argc; k++) {
			if (k)
				strcat(joined, "|");
			strcat(joined, argv[k]);
		}
		ck_assert_ptr_null(argv[argc]);
		ck_assert_msg(strcmp(joined, cases[i].out) == 0, "case %zu: '%s' gave '%s'", i,
			      cases[i].in, joined);
		free(argv);
	}
}
END_TEST

/* ---- conditionals ------------------------------------------------------- */

START_TEST(test_conditionals)
{
	CHECK("@main a 1\n@backup b 2\n@^main c 3\n@^backup d 4\n  @main\te 5\n@mainx f\n"
	      "@ g\n@^ h\nx @main\n",
	      R_LOC, "1:7:a 1:9:1\n4:10:d 4:12:4\n5:9:e 5:11:5\n8:4:h\n9:1:x 9:3:@main\n", "");
	/* a dropped definition takes its continuation lines with it */
	CHECK("@other $M= \\\na \\\nb\n@main $N= \\\nc \\\nd\n$N\n", 0, "c\nd\n", "");
	/* the man page example */
	CHECK("unicast_peer {\n  @^main 1.2.3.4\n  @^backup 1.2.3.5\n  @^backup2 1.2.3.6\n}\n", 0,
	      "unicast_peer {\n1.2.3.5\n1.2.3.6\n}\n", "");
}
END_TEST

START_TEST(test_config_id_default)
{
	struct utsname u;
	char *text, *dot;
	struct out o;

	ck_assert_int_eq(uname(&u), 0);
	dot = strchr(u.nodename, '.');
	if (dot)
		*dot = '\0';
	ck_assert_int_ge(asprintf(&text, "@%s yes\n@^%s no\ni ${_INSTANCE}\n", u.nodename,
				  u.nodename), 0);
	o = run_opts(text, NULL, 0);
	ck_assert_str_eq(o.msgs, "");
	ck_assert_int_eq(strncmp(o.toks, "yes\ni ", 6), 0);
	out_free(&o);
	free(text);
}
END_TEST

/* ---- parameters --------------------------------------------------------- */

START_TEST(test_param_basic)
{
	CHECK("$X=hello\nfoo_$X bar\nfoo_${X} bar\n${X}.a $X.b $X\n", 0,
	      "foo_hello bar\nfoo_hello bar\nhello.a $X.b hello\n", "");
	/* values are trimmed; empty values are allowed; later definitions win */
	CHECK("$C=  5  \n$D=\n[${C}] [${D}]\n$C=6\n${C}\n", 0, "[5] []\n6\n", "");
	/* a value is split into words where it is used */
	CHECK("$A=x y  z\na $A b\n", R_LOC, "2:1:a 2:3:x 2:3:y 2:3:z 2:6:b\n", "");
	/* inside quotes too, but $NAME must be followed by whitespace */
	CHECK("$A=v\ns \"${A} $A x\" \"$A\"\n", 0, "s \"v v x\" \"$A\"\n", "");
	/* not definitions */
	CHECK(" $B = 5\n$9X=3\n", 0, "$B = 5\n$9X=3\n", "");
	/* comments go before substitution */
	CHECK("$A=v # comment\na $A# c\n", 0, "a v\n", "");
}
END_TEST

START_TEST(test_param_replacement_time)
{
	/* keepalived.conf(5): substitution at replacement time, recursively */
	CHECK("$ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}\n$ADDRESS_BASE_SUB=0\n"
	      "${ADDRESS_BASE}.100/32\n$ADDRESS_BASE_SUB=10\n${ADDRESS_BASE}.100/32\n",
	      R_LOC, "3:1:10.2.0.100/32\n5:1:10.2.10.100/32\n", "");
	/* $NAME inside a value sees what follows the outer reference */
	CHECK("$B=in\n$A=$B\nx $A y ${A}z\n", 0, "x in y $Bz\n", "");
}
END_TEST

START_TEST(test_param_undefined)
{
	/* left as written; ${UNDEF} outside quotes is warned about and its
	 * braces stay in the word */
	CHECK("a ${UNDEF}x $UNDEF \"${UNDEF}\"\n", R_LOC,
	      "1:1:a 1:3:${UNDEF}x 1:13:$UNDEF 1:20:\"${UNDEF}\"\n",
	      "t.conf:1:3: warning: parameter 'UNDEF' is not defined; left unchanged\n");
	/* not a reference at all */
	CHECK("a $ ${ b\n", 0, "a $ $ { b\n",
	      "t.conf:1:6: error: '{' is not closed by a '}'\n");
}
END_TEST

START_TEST(test_param_conditional)
{
	CHECK("@main $PRIORITY=240\n@backup $PRIORITY=200\npriority $PRIORITY\n", 0,
	      "priority 240\n", "");
	CHECK("$IF_MAIN=@main\n$IF_MAIN priority 240\n$IF_B=@backup\n$IF_B priority 1\n", R_LOC,
	      "2:10:priority 2:19:240\n", "");
	/* a parameter may hold a definition or a ~SEQ */
	CHECK("$D=$Z=7\n$D\nz $Z\n$S=~SEQ(I,1,2) i$I\n$S\n", 0, "z 7\ni1\ni2\n", "");
}
END_TEST

START_TEST(test_param_multiline)
{
	/* the man page example, with conditionals inside the value */
	CHECK("$INSTANCE= \\\n"
	      "vrrp_instance VI_${NUM} { \\\n"
	      "    interface eth0.${NUM} \\\n"
	      "    @main priority 130 \\\n"
	      "    @low priority 120 \\\n"
	      "    virtual_ipaddress { \\\n"
	      "        10.0.${NUM}.254/24 \\\n"
	      "    } \\\n"
	      "}\n"
	      "\n"
	      "$NUM=0\n"
	      "$INSTANCE\n"
	      "$NUM=1\n"
	      "  $INSTANCE\n",
	      R_LOC,
	      "12:1:vrrp_instance 12:1:VI_0 12:1:{\n12:1:interface 12:1:eth0.0\n"
	      "12:1:priority 12:1:130\n12:1:virtual_ipaddress 12:1:{\n12:1:10.0.0.254/24\n"
	      "12:1:}\n12:1:}\n"
	      "14:3:vrrp_instance 14:3:VI_1 14:3:{\n14:3:interface 14:3:eth0.1\n"
	      "14:3:priority 14:3:130\n14:3:virtual_ipaddress 14:3:{\n14:3:10.0.1.254/24\n"
	      "14:3:}\n14:3:}\n",
	      "");
	/* nested: a multi-line value that defines and uses another */
	CHECK("$RS= \\\nreal_server 10.0.0.${RS_NUM} 80 { \\\n  weight 1 \\\n}\n"
	      "$VS= \\\nvirtual_server 10.0.0.1 80 { \\\n  $RS_NUM=1 \\\n  $RS \\\n"
	      "  $RS_NUM=2 \\\n  $RS \\\n}\n$VS\n",
	      0,
	      "virtual_server 10.0.0.1 80 {\nreal_server 10.0.0.1 80 {\nweight 1\n}\n"
	      "real_server 10.0.0.2 80 {\nweight 1\n}\n}\n",
	      "");
	/* at the end of a line the first value line joins it */
	CHECK("$M=a \\\nb\nx $M\ny ${M}\n", 0, "x a\nb\ny a\nb\n", "");
}
END_TEST

START_TEST(test_param_multiline_edges)
{
	/* not at the end of the line: left, with a warning */
	CHECK("$M=a \\\nb\n$M post\n", R_LOC, "3:1:$M 3:4:post\n",
	      "t.conf:3:1: warning: multi-line parameter 'M' is replaced only at the end of a line; left unchanged\n");
	/* a blank line ends a definition, as in keepalived */
	CHECK("$M=a \\\n\nb\n$M\n", 0, "b\na\n", "");
	/* whether a line continues is decided before its comment is cut */
	CHECK("$M=a # c \\\n  # only a comment \\\nb\n$M\n", 0, "a\nb\n", "");
	CHECK("$M=a\\\nb\\\nc\n$M\n", 0, "a\nb\nc\n", "");
	/* outside a definition a trailing '\' is text */
	CHECK("a \\\nb\n", R_LOC, "1:1:a 1:3:\\\n2:1:b\n",
	      "t.conf:1:3: warning: '\\' at the end of a line continues only a $NAME= definition; kept as text\n");
}
END_TEST

START_TEST(test_param_recursion)
{
	CHECK("$A=${A}x\na ${A}\n", 0, "",
	      "t.conf:2:3: error: parameter 'A' nests deeper than 64 levels (does it use itself?)\n");
	CHECK("$A=$A\n$A\nnext\n", 0, "next\n",
	      "t.conf:2:1: error: parameter 'A' nests deeper than 64 levels (does it use itself?)\n");
	/* through ~SEQ: reading stops there */
	CHECK("$S=~SEQ(I,1,2) $S\n$S\nnext\n", 0, "",
	      "t.conf:2:1: error: parameters and ~SEQ/~LST nest deeper than 64 levels (does a parameter use itself?)\n");
}
END_TEST

/* Empty values, each using the one before four times: 4^n references and no
 * text. Found probing the reader beside a fuzz_cfg campaign: 14 such lines
 * took 30 s, 20 forever. */
START_TEST(test_param_exponential)
{
	char in[512];
	size_t n = 0;

	n += (size_t)snprintf(in + n, sizeof(in) - n, "$A0=\n");
	for (int i = 1; i <= 9; i++)
		n += (size_t)snprintf(in + n, sizeof(in) - n, "$A%d=${A%d}${A%d}${A%d}${A%d}\n", i,
				      i - 1, i - 1, i - 1, i - 1);
	/* 4^7 + ... + 4 = 21844 references: expanded */
	snprintf(in + n, sizeof(in) - n, "x ${A7}\nnext\n");
	CHECK(in, 0, "x\nnext\n", "");
	/* 4^9 + ... : stopped at the limit, the line left */
	snprintf(in + n, sizeof(in) - n, "x ${A9}\nnext\n");
	CHECK(in, 0, "next\n",
	      "t.conf:11:3: error: line expands more than 65536 parameter references (at 'A0'); ignored\n");
}
END_TEST

/* ---- built-ins ---------------------------------------------------------- */

START_TEST(test_builtins)
{
	struct cfg_reader_opts o = { .config_id = "cid", .instance = "inst1" };
	struct out r = run_opts("i ${_INSTANCE} $_INSTANCE\n", &o, 0);
	char *pwd = data_path("inc"), *real = realpath(pwd, NULL), *name, *want;

	ck_assert_str_eq(r.toks, "i inst1 inst1\n");
	out_free(&r);
	o.instance = NULL;
	r = run_opts("i ${_INSTANCE}\n", &o, 0);
	ck_assert_str_eq(r.toks, "i cid\n");
	out_free(&r);

	/* '#' and '!' from built-ins are text, never comments */
	CHECK("h ${_HASH}x \"${_BANG}\" a${_BANG}b\n", 0, "h #x \"!\" a!b\n", "");

	ck_assert_ptr_nonnull(real);
	ck_assert_int_ge(asprintf(&name, "%s/virtual.conf", pwd), 0);
	ck_assert_int_ge(asprintf(&want, "p %s/x\n", real), 0);
	r = run_named(name, "p ${_PWD}/x\n", 0);
	ck_assert_str_eq(r.toks, want);
	out_free(&r);
	free(name);
	free(want);
	free(real);
	free(pwd);

	setenv("KEEL_CFG_TEST_ENV", "env value", 1);
	unsetenv("KEEL_CFG_TEST_UNSET");
	CHECK("e ${_ENV KEEL_CFG_TEST_ENV} ${_ENV KEEL_CFG_TEST_UNSET}\n", 0,
	      "e env value $ { _ENV KEEL_CFG_TEST_UNSET }\n",
	      "t.conf:1:29: warning: cannot expand '${_ENV KEEL_CFG_TEST_UNSET}'; left unchanged\n");
	/* names the man page does not define are not built-ins */
	CHECK("b ${_BS}\n", 0, "b ${_BS}\n",
	      "t.conf:1:3: warning: parameter '_BS' is not defined; left unchanged\n");
	CHECK("$_PWD=x\n", 0, "",
	      "t.conf:1:1: warning: '_PWD' is a built-in parameter; definition ignored\n");
}
END_TEST

START_TEST(test_random)
{
	const char *text = "global_defs {\n random_seed 7\n}\nr ${_RANDOM} ${_RANDOM 3 5} ${_RANDOM 9 9}\n"
			   "global_defs {\n random_seed 7\n}\nr ${_RANDOM} ${_RANDOM 3 5} ${_RANDOM 9 9}\n";
	struct out o = run(text, 0);
	const char *a = strstr(o.toks, "\nr "), *b = strstr(a + 1, "\nr ");
	unsigned long v0, v1, v2;

	ck_assert_str_eq(o.msgs, "");
	ck_assert_ptr_nonnull(b);
	/* the same seed gives the same numbers */
	ck_assert_int_eq(strncmp(a, b, (size_t)(strchr(a + 1, '\n') - a)), 0);
	ck_assert_int_eq(sscanf(a, "\nr %lu %lu %lu", &v0, &v1, &v2), 3);
	ck_assert_uint_le(v0, 32767);
	ck_assert(v1 >= 3 && v1 <= 5);
	ck_assert_uint_eq(v2, 9);
	out_free(&o);

	CHECK("r ${_RANDOM 5 3} ${_RANDOM x}\n", 0, "r $ { _RANDOM 5 3 } $ { _RANDOM x }\n",
	      "t.conf:1:3: warning: cannot expand '${_RANDOM 5 3}'; left unchanged\n"
	      "t.conf:1:18: warning: cannot expand '${_RANDOM x}'; left unchanged\n");
	CHECK("global_defs {\n random_seed -1\n}\n", 0, "global_defs {\nrandom_seed -1\n}\n",
	      "t.conf:2:14: error: random_seed needs an unsigned number, not '-1'\n");
}
END_TEST

/* ---- ~SEQ and ~LST ------------------------------------------------------ */

START_TEST(test_seq)
{
	CHECK("~SEQ(SUBNET, 0, 3) ip_address 10.0.${SUBNET}.1\n", R_LOC,
	      "1:20:ip_address 1:31:10.0.0.1\n1:20:ip_address 1:31:10.0.1.1\n"
	      "1:20:ip_address 1:31:10.0.2.1\n1:20:ip_address 1:31:10.0.3.1\n",
	      "");
	CHECK("~SEQx(S, 0x90, 0x10, 0xc0) fe80::20:${S}:1\n", 0,
	      "fe80::20:90:1\nfe80::20:a0:1\nfe80::20:b0:1\nfe80::20:c0:1\n", "");
	/* START and STEP may be left out */
	CHECK("~SEQ(A,3) a$A\n~SEQ(B,-2) b$B\n~SEQ(C,3,1) c$C\n~SEQ(D,-3,3,2) d$D\n", 0,
	      "a1\na2\na3\nb-1\nb-2\nc3\nc2\nc1\nd-3\nd0\n", "");
	/* several on a line, nested; spaces and 0x/0 prefixes as strtoll */
	CHECK("~SEQ(T,1,2) ~SEQ (U,1,2)t${T}u$U\n~SEQ( V , 010 , 0x9 ) v$V\n", 0,
	      "t1u1\nt1u2\nt2u1\nt2u2\nv8\nv9\n", "");
	/* with a multi-line parameter, the man page's last example, smaller */
	CHECK("$VI= \\\nvrrp_instance v.${IF}.${ID} { \\\n}\n~SEQ(IF,0,1) ~SEQ(ID,1,2) $VI\n", 0,
	      "vrrp_instance v.0.1 {\n}\nvrrp_instance v.0.2 {\n}\n"
	      "vrrp_instance v.1.1 {\n}\nvrrp_instance v.1.2 {\n}\n",
	      "");
	/* a conditional inside, the variable stays set after */
	CHECK("~SEQ(Q,1,2) @main q$Q\n~SEQ(R,1,2) @other r$R\nafter $Q\n", 0,
	      "q1\nq2\nafter 2\n", "");
}
END_TEST

START_TEST(test_seq_errors)
{
	CHECK("~SEQ(I,1,0,3) x\n", 0, "", "t.conf:1:1: error: invalid ~SEQ: the step is 0\n");
	CHECK("  ~SEQ(J,1,-1,3) x\n", 0, "",
	      "t.conf:1:3: error: invalid ~SEQ: the step goes away from the end\n");
	CHECK("~SEQ(K,a,3) x\n", 0, "", "t.conf:1:1: error: invalid ~SEQ: 'a' is not an integer\n");
	CHECK("~SEQ(K,1.5,3) x\n", 0, "",
	      "t.conf:1:1: error: invalid ~SEQ: '1.5' is not an integer\n");
	CHECK("~SEQ(L,1,3 x\n", 0, "", "t.conf:1:1: error: invalid ~SEQ: no ')'\n");
	CHECK("~SEQ(,1,3) x\n", 0, "",
	      "t.conf:1:1: error: invalid ~SEQ: the variable name is empty or not made of A-Za-z0-9_\n");
	CHECK("~SEQ(N) x\n~SEQ(O,1,2,3,4) x\n", 0, "",
	      "t.conf:1:1: error: invalid ~SEQ: it takes (VAR, END), (VAR, START, END) or (VAR, START, STEP, END)\n"
	      "t.conf:2:1: error: invalid ~SEQ: it takes (VAR, END), (VAR, START, END) or (VAR, START, STEP, END)\n");
	CHECK("~SEQx(C,-1,-3) x\n", 0, "",
	      "t.conf:1:1: error: invalid ~SEQx: ~SEQx takes no negative numbers\n");
	CHECK("~SEQ(_PWD,1,2) x\n", 0, "",
	      "t.conf:1:1: error: invalid ~SEQ: the variable name is empty or not made of A-Za-z0-9_\n");
	/* nothing after the block: nothing to repeat */
	CHECK("~SEQ(E,1,2)\nnext\n", 0, "next\n", "");
}
END_TEST

START_TEST(test_lst)
{
	CHECK("~LST(V, a,b , c) v${V}\n", 0, "va\nvb\nvc\n", "");
	CHECK("~LST({IP, IP1}, {10,1},{20,4}) 192.168.${IP}.${IP1}\n", 0,
	      "192.168.10.1\n192.168.20.4\n", "");
	/* missing values are empty */
	CHECK("~LST({G,H},{3},1) g${G}h${H}.\n", 0, "g3h.\ng1h.\n", "");
	CHECK("~LST(IP, 1, 2) ~SEQ(X,1,2) ${IP}.${X}\n", 0, "1.1\n1.2\n2.1\n2.2\n", "");
	CHECK("~LST(Y) y\n", 0, "",
	      "t.conf:1:1: error: invalid ~LST: it takes (VAR, VALUE...) or ({VAR, ...}, {VALUE, ...}...)\n");
	CHECK("~LST(J,{1,2},3) j\n", 0, "",
	      "t.conf:1:1: error: invalid ~LST: a value group has more values than there are variables\n");
	CHECK("~LST(F,a b, e) f\n", 0, "", "t.conf:1:1: error: invalid ~LST: bad value 'a b'\n");
}
END_TEST

/* ---- includes ----------------------------------------------------------- */

START_TEST(test_include)
{
	char *path = data_path("inc/main.conf"), *dir = data_path("inc/sub");
	char *real = realpath(dir, NULL), *want;
	struct out o = run_file(path, R_FILE | R_LOC);

	ck_assert_ptr_nonnull(real);
	/* relative to the including file; brace alternatives in order; glob
	 * matches sorted; ${_PWD} is the directory of the file being read */
	ck_assert_int_ge(asprintf(&want,
				  "main.conf:1:1:top main.conf:1:5:1\n"
				  "a.conf:2:1:in_a a.conf:2:6:%s\n"
				  "leaf.conf:1:1:leaf\n"
				  "b.conf:1:1:in_b\nc.conf:1:1:in_c\n"
				  "1.conf:1:1:g1\n2.conf:1:1:g2\n"
				  "main.conf:5:1:after main.conf:5:7:2\n",
				  real),
			 0);
	ck_assert_str_eq(o.toks, want);
	ck_assert_str_eq(o.msgs, "");
	out_free(&o);
	free(want);
	free(real);
	free(dir);
	free(path);
}
END_TEST

/* The tokens of "global_defs {\n LINE\n}\n" */
#define GD(line) "global_defs {\n" line "\n}\n"

/* Runs text as if it were the file cfg/inc/virtual.conf; msgs holds
 * the diagnostics with that directory shown as DIR. */
static struct out run_in_inc(const char *text, int flags)
{
	char *dir = data_path("inc"), *name, *p;
	struct out o;
	size_t dl = strlen(dir);

	ck_assert_int_ge(asprintf(&name, "%s/virtual.conf", dir), 0);
	o = run_named(name, text, flags);
	while ((p = strstr(o.msgs, dir))) {
		memcpy(p, "DIR", 3);
		memmove(p + 3, p + dl, strlen(p + dl) + 1);
	}
	free(name);
	free(dir);
	return o;
}

#define CHECK_INC(text, want_toks, want_msgs) CHECK_INCF(text, R_FILE, want_toks, want_msgs)
#define CHECK_INCF(text, flags, want_toks, want_msgs)             \
	do {                                                      \
		struct out o_ = run_in_inc(text, flags);          \
		ck_assert_str_eq(o_.toks, (want_toks));           \
		ck_assert_str_eq(o_.msgs, (want_msgs));           \
		out_free(&o_);                                    \
	} while (0)

START_TEST(test_include_variants)
{
	/* plain include: a missing file is a warning, an empty glob silent */
	CHECK_INC("include nofile.conf\ninclude empty/*.conf\nx\n", "virtual.conf:x\n",
		  "DIR/virtual.conf:1:9: warning: cannot read included file 'DIR/nofile.conf': No such file or directory\n");
	CHECK_INC("include {leaf,nof}.conf\n", "leaf.conf:leaf\n",
		  "DIR/virtual.conf:1:9: warning: no file matches 'DIR/nof.conf' (from '{leaf,nof}.conf')\n");
	/* includer: readable only */
	CHECK_INC("includer nofile.conf\nincluder empty/*.conf\n", "",
		  "DIR/virtual.conf:1:10: warning: cannot read included file 'DIR/nofile.conf': No such file or directory\n");
	CHECK_INC("includer sub\n", "",
		  "DIR/virtual.conf:1:10: error: cannot read included file 'DIR/sub': it is a directory\n");
	/* includem: a missing file is an error, an empty glob is not */
	CHECK_INC("includem nofile.conf\nincludem empty/*.conf\nx\n", "virtual.conf:x\n",
		  "DIR/virtual.conf:1:10: error: cannot read included file 'DIR/nofile.conf': No such file or directory\n");
	/* includew: an empty glob is an error */
	CHECK_INC("includew empty/*.conf\n", "",
		  "DIR/virtual.conf:1:10: error: no file matches 'DIR/empty/*.conf'\n");
	/* includeb: every brace alternative must match */
	CHECK_INC("includeb {leaf,nof}.conf\n", "leaf.conf:leaf\n",
		  "DIR/virtual.conf:1:10: error: no file matches 'DIR/nof.conf' (from '{leaf,nof}.conf')\n");
	/* includea: all of them */
	CHECK_INC("includea glob/*.none\n", "",
		  "DIR/virtual.conf:1:10: error: no file matches 'DIR/glob/*.none'\n");
	/* the file name is the rest of the line; one pair of quotes is dropped */
	CHECK_INC("include \"leaf.conf\"\ninclude   leaf.conf   # c\n",
		  "leaf.conf:leaf\nleaf.conf:leaf\n", "");
	CHECK_INC("  include\n", "", "DIR/virtual.conf:1:3: error: include needs a file name\n");
	/* include after a conditional or from a parameter works too */
	CHECK_INC("@main include leaf.conf\n@other include leaf.conf\n$I=include leaf.conf\n$I\n",
		  "leaf.conf:leaf\nleaf.conf:leaf\n", "");
}
END_TEST

START_TEST(test_include_check)
{
	char *parent = data_path("check/parent.conf"), *strict = data_path("check/strict.conf");
	char *dir = data_path("check"), *want;
	struct out o = run_file(parent, 0);

	/* child.conf's include_check match does not leak back to parent.conf */
	ck_assert_str_eq(o.toks, "global_defs {\ninclude_check readable\n}\n"
				 "global_defs {\ninclude_check match\n}\nchild ok\n");
	ck_assert_int_ge(asprintf(&want,
				  "%s/parent.conf:5:9: warning: cannot read included file '%s/missing.conf': No such file or directory\n",
				  dir, dir),
			 0);
	ck_assert_str_eq(o.msgs, want);
	out_free(&o);
	free(want);

	/* but an included file starts with its parent's setting */
	o = run_file(strict, 0);
	ck_assert_int_ge(asprintf(&want,
				  "%s/strict_child.conf:1:9: error: cannot read included file '%s/nothere.conf': No such file or directory\n",
				  dir, dir),
			 0);
	ck_assert_str_eq(o.msgs, want);
	out_free(&o);
	free(want);

	/* options: none means all; +/- change the current set */
	CHECK_INCF("global_defs {\n include_check\n}\ninclude empty/*.conf\n", 0, GD("include_check"),
		  "DIR/virtual.conf:4:9: error: no file matches 'DIR/empty/*.conf'\n");
	CHECK_INCF("global_defs {\n include_check +match +wildcard_match -wildcard_match\n}\n"
		  "include empty/*.conf\ninclude nofile.conf\n", 0,
		  GD("include_check +match +wildcard_match -wildcard_match"),
		  "DIR/virtual.conf:5:9: error: cannot read included file 'DIR/nofile.conf': No such file or directory\n");
	CHECK_INCF("global_defs {\n include_check bogus\n}\n", 0, GD("include_check bogus"),
		  "DIR/virtual.conf:2:16: error: unknown include_check option 'bogus'\n");
	/* only inside global_defs, as keepalived */
	CHECK_INCF("include_check\ninclude nofile.conf\n", 0, "include_check\n",
		  "DIR/virtual.conf:2:9: warning: cannot read included file 'DIR/nofile.conf': No such file or directory\n");
	free(dir);
	free(parent);
	free(strict);
}
END_TEST

START_TEST(test_include_all_config)
{
	struct cfg_diag *d = cfg_diag_new();
	struct cfg_reader_opts opts = { .include_check_all = true };
	struct out o = finish(cfg_reader_open_string("/nonexistent-keel/t.conf",
						      "include x.conf\n", &opts, d),
			      d, 0);

	ck_assert_str_eq(o.msgs,
			 "/nonexistent-keel/t.conf:1:9: error: cannot read included file '/nonexistent-keel/x.conf': No such file or directory\n");
	out_free(&o);
}
END_TEST

START_TEST(test_include_loop)
{
	char *a = data_path("loop/a.conf"), *self = data_path("loop/self.conf");
	char *dir = data_path("loop"), *want;
	struct out o = run_file(a, R_FILE);

	ck_assert_str_eq(o.toks, "a.conf:in_loop_a\nb.conf:in_loop_b\n");
	ck_assert_int_ge(asprintf(&want,
				  "%s/b.conf:2:9: error: include loop: %s/a.conf -> %s/b.conf -> %s/a.conf\n",
				  dir, dir, dir, dir),
			 0);
	ck_assert_str_eq(o.msgs, want);
	ck_assert_uint_eq(o.errors, 1);
	out_free(&o);
	free(want);

	o = run_file(self, 0);
	ck_assert_int_ge(asprintf(&want,
				  "%s/self.conf:1:9: error: include loop: %s/self.conf -> %s/self.conf\n",
				  dir, dir, dir),
			 0);
	ck_assert_str_eq(o.msgs, want);
	out_free(&o);
	free(want);
	free(dir);
	free(a);
	free(self);
}
END_TEST

/* A temporary directory with files d0.conf .. dN.conf, each including the
 * next, for the depth limit. */
START_TEST(test_include_depth)
{
	char dir[] = "/tmp/keel-cfg-XXXXXX", path[PATH_MAX], *want;
	struct out o;
	int n = 40;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (int i = 0; i < n; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/d%d.conf", dir, i);
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fprintf(f, "w%d\ninclude d%d.conf\n", i, i + 1);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/d0.conf", dir);
	o = run_file(path, 0);
	ck_assert_uint_eq(o.errors, 1);
	ck_assert_int_ge(asprintf(&want, "%s/d31.conf:2:9: error: includes nest deeper than the limit: %s/d0.conf -> ",
				  dir, dir),
			 0);
	ck_assert_int_eq(strncmp(o.msgs, want, strlen(want)), 0);
	ck_assert_ptr_nonnull(strstr(o.toks, "w31\n"));
	ck_assert_ptr_null(strstr(o.toks, "w32"));
	out_free(&o);
	free(want);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/d%d.conf", dir, i);
		unlink(path);
	}
	rmdir(dir);
}
END_TEST

/* ---- errors ------------------------------------------------------------- */

START_TEST(test_braces_unbalanced)
{
	CHECK("a {\n b {\n }\n", 0, "a {\nb {\n}\n", "t.conf:1:3: error: '{' is not closed by a '}'\n");
	CHECK("a { b {\n", 0, "a { b {\n",
	      "t.conf:1:3: error: '{' is not closed by a '}'\nt.conf:1:7: error: '{' is not closed by a '}'\n");
	CHECK("}\na }\n", 0, "a\n",
	      "t.conf:1:1: error: '}' without a matching '{'\nt.conf:2:3: error: '}' without a matching '{'\n");
}
END_TEST

START_TEST(test_open_errors)
{
	char *path = data_path("no/such.conf"), *want;
	struct out o = run_file(path, 0);

	ck_assert(!o.opened);
	ck_assert_int_ge(asprintf(&want, "keel: error: cannot open '%s': No such file or directory\n", path), 0);
	ck_assert_str_eq(o.msgs, want);
	ck_assert_uint_eq(o.errors, 1);
	out_free(&o);
	free(want);
	free(path);

	path = data_path("inc");
	o = run_file(path, 0);
	ck_assert(!o.opened);
	ck_assert_int_ge(asprintf(&want, "keel: error: cannot open '%s': it is a directory\n", path), 0);
	ck_assert_str_eq(o.msgs, want);
	out_free(&o);
	free(want);
	free(path);
}
END_TEST

START_TEST(test_long_line)
{
	size_t n = 70000;
	char *text = malloc(n + 32);
	struct out o;

	memset(text, 'x', n);
	strcpy(text + n, "\nnext\n");
	o = run(text, R_LOC);
	ck_assert_str_eq(o.toks, "2:1:next\n");
	ck_assert_str_eq(o.msgs,
			 "t.conf:1:1: error: line is 70000 bytes long, more than the limit of 65536\n");
	out_free(&o);

	/* and after substitution */
	memcpy(text, "$A=", 3);
	memset(text + 3, 'y', 40000);
	strcpy(text + 40003, "\n$A $A\nok\n");
	o = run(text, 0);
	ck_assert_str_eq(o.toks, "ok\n");
	ck_assert_str_eq(o.msgs,
			 "t.conf:2:1: error: line is longer than 65536 bytes after parameter substitution; ignored\n");
	out_free(&o);
	free(text);
}
END_TEST

START_TEST(test_nul_byte)
{
	char dir[] = "/tmp/keel-cfg-XXXXXX", path[PATH_MAX], *want;
	FILE *f;
	struct out o;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/nul.conf", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fwrite("a\0b\nc\n", 1, 6, f);
	fclose(f);
	o = run_file(path, 0);
	ck_assert_str_eq(o.toks, "c\n");
	ck_assert_int_ge(asprintf(&want, "%s:1:2: error: NUL byte in the configuration text; line ignored\n", path), 0);
	ck_assert_str_eq(o.msgs, want);
	out_free(&o);
	free(want);
	unlink(path);
	rmdir(dir);
}
END_TEST

/* A file is read in 64 KiB pieces: lines, long lines and definitions
 * with continuation lines that straddle two pieces read as if whole. */
START_TEST(test_file_read_in_pieces)
{
	char dir[] = "/tmp/keel-cfg-XXXXXX", path[PATH_MAX], *want;
	FILE *f;
	struct out o;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/pieces.conf", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < 20000; i++)	/* 300 KB of definitions */
		fprintf(f, "$PARAM_%d=v%d \\\n  w%d\n", i, i, i);
	fputs("$PARAM_0\n$PARAM_19999\n", f);
	for (int i = 0; i < 70000; i++)
		fputc('x', f);
	fputs("\n  last  word # comment\n", f);
	fclose(f);
	o = run_file(path, R_LOC);
	ck_assert_str_eq(o.toks, "40001:1:v0\n40001:1:w0\n40002:1:v19999\n40002:1:w19999\n"
				 "40004:3:last 40004:9:word\n");
	ck_assert_int_ge(asprintf(&want, "%s:40003:1: error: line is 70000 bytes long, more than the limit "
				  "of 65536\n", path), 0);
	ck_assert_str_eq(o.msgs, want);
	out_free(&o);
	free(want);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_eof_location)
{
	struct cfg_diag *d = cfg_diag_new();
	struct cfg_reader *r = cfg_reader_open_string("e.conf", "a\nbc", NULL, d);
	struct cfg_token t;

	while (cfg_reader_next(r, &t) != CFG_TOK_EOF)
		;
	ck_assert_str_eq(t.loc.file, "e.conf");
	ck_assert_uint_eq(t.loc.line, 2);
	ck_assert_uint_eq(t.loc.col, 3);
	cfg_reader_free(r);
	r = cfg_reader_open_string("e.conf", "a\n", NULL, d);
	while (cfg_reader_next(r, &t) != CFG_TOK_EOF)
		;
	ck_assert_uint_eq(t.loc.line, 2);
	ck_assert_uint_eq(t.loc.col, 1);
	cfg_reader_free(r);
	cfg_diag_free(d);
}
END_TEST

START_TEST(test_locations_outlive_reader)
{
	struct cfg_diag *d = cfg_diag_new();
	struct cfg_reader *r = cfg_reader_open_string("keep.conf", "w\n", NULL, d);
	struct cfg_token t;
	struct cfg_loc loc;

	ck_assert_int_eq(cfg_reader_next(r, &t), CFG_TOK_WORD);
	loc = t.loc;
	cfg_reader_free(r);
	ck_assert_str_eq(loc.file, "keep.conf");
	cfg_diag_free(d);
}
END_TEST

START_TEST(test_big_input)
{
	/* 20,000 real servers: every token accounted for, no diagnostics */
	size_t n = 0, words = 0;
	char *text = NULL;
	FILE *f = open_memstream(&text, &n);
	struct cfg_diag *d = cfg_diag_new();
	struct cfg_reader *r;
	struct cfg_token t;

	for (int i = 0; i < 20000; i++)
		fprintf(f, "real_server 10.%d.%d.1 80 {\n    weight 1 # w\n}\n", i / 250, i % 250);
	fclose(f);
	r = cfg_reader_open_string("big.conf", text, NULL, d);
	while (cfg_reader_next(r, &t) != CFG_TOK_EOF)
		words += t.kind == CFG_TOK_WORD;
	ck_assert_uint_eq(words, 20000 * 5);
	ck_assert_uint_eq(t.loc.line, 60001);
	ck_assert_uint_eq(cfg_diag_count(d), 0);
	cfg_reader_free(r);
	cfg_diag_free(d);
	free(text);
}
END_TEST

/* ---- cfg_diag ----------------------------------------------------------- */

START_TEST(test_diag)
{
	struct cfg_diag *d = cfg_diag_new();
	struct cfg_loc loc = { "f.conf", 3, 7 };

	cfg_diag_error(d, &loc, "bad %s", "thing");
	cfg_diag_warn(d, &loc, "odd %d", 5);
	cfg_diag_error(d, NULL, "cannot open '%s': %s", "x", "No such file or directory");
	ck_assert_uint_eq(cfg_diag_errors(d), 2);
	ck_assert_uint_eq(cfg_diag_warnings(d), 1);
	ck_assert_uint_eq(cfg_diag_count(d), 3);
	ck_assert_str_eq(cfg_diag_message(d, 0), "f.conf:3:7: error: bad thing");
	ck_assert_str_eq(cfg_diag_message(d, 1), "f.conf:3:7: warning: odd 5");
	ck_assert_str_eq(cfg_diag_message(d, 2), "keel: error: cannot open 'x': No such file or directory");
	ck_assert_ptr_null(cfg_diag_message(d, 3));
	ck_assert_ptr_eq(cfg_diag_intern(d, "a"), cfg_diag_intern(d, "a"));
	cfg_diag_free(d);

	/* a flood is counted, and its tail summarized */
	d = cfg_diag_new();
	for (int i = 0; i < CFG_DIAG_KEEP + 5; i++)
		cfg_diag_error(d, &loc, "e%d", i);
	ck_assert_uint_eq(cfg_diag_errors(d), CFG_DIAG_KEEP + 5);
	ck_assert_uint_eq(cfg_diag_count(d), CFG_DIAG_KEEP);
	ck_assert_str_eq(cfg_diag_message(d, CFG_DIAG_KEEP - 1), "keel: note: 6 more diagnostics not shown");
	cfg_diag_free(d);
}
END_TEST

Suite *cfg_reader_suite(void)
{
	Suite *s = suite_create("cfg_reader");
	TCase *tok = tcase_create("tokens");
	TCase *pp = tcase_create("preprocess");
	TCase *inc = tcase_create("include");
	TCase *err = tcase_create("errors");

	tcase_add_test(tok, test_tokens_and_locations);
	tcase_add_test(tok, test_braces_glued);
	tcase_add_test(tok, test_blank_and_comment_lines);
	tcase_add_test(tok, test_common_lines_one_pass);
	tcase_add_test(tok, test_comments);
	tcase_add_test(tok, test_quotes);
	tcase_add_test(tok, test_unterminated_quote);
	tcase_add_test(tok, test_split_args);
	tcase_add_test(tok, test_eof_location);
	tcase_add_test(tok, test_locations_outlive_reader);
	tcase_add_test(tok, test_big_input);
	tcase_add_test(tok, test_diag);
	tcase_add_test(pp, test_conditionals);
	tcase_add_test(pp, test_config_id_default);
	tcase_add_test(pp, test_param_basic);
	tcase_add_test(pp, test_param_replacement_time);
	tcase_add_test(pp, test_param_undefined);
	tcase_add_test(pp, test_param_conditional);
	tcase_add_test(pp, test_param_multiline);
	tcase_add_test(pp, test_param_multiline_edges);
	tcase_add_test(pp, test_param_recursion);
	tcase_add_test(pp, test_param_exponential);
	tcase_add_test(pp, test_builtins);
	tcase_add_test(pp, test_random);
	tcase_add_test(pp, test_seq);
	tcase_add_test(pp, test_seq_errors);
	tcase_add_test(pp, test_lst);
	tcase_add_test(inc, test_include);
	tcase_add_test(inc, test_include_variants);
	tcase_add_test(inc, test_include_check);
	tcase_add_test(inc, test_include_all_config);
	tcase_add_test(inc, test_include_loop);
	tcase_add_test(inc, test_include_depth);
	tcase_add_test(err, test_braces_unbalanced);
	tcase_add_test(err, test_open_errors);
	tcase_add_test(err, test_long_line);
	tcase_add_test(err, test_nul_byte);
	tcase_add_test(err, test_file_read_in_pieces);
	suite_add_tcase(s, tok);
	suite_add_tcase(s, pp);
	suite_add_tcase(s, inc);
	suite_add_tcase(s, err);
	return s;
}
