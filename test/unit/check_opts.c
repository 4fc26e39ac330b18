// SPDX-License-Identifier: GPL-2.0-or-later
#include <syslog.h>

#include "opts.h"
#include "suites.h"

static int parse(struct keeld_opts *o, char **argv)
{
	char err[256];
	int argc = 0;

	while (argv[argc])
		argc++;
	return keeld_opts_parse(argc, argv, o, err, sizeof(err));
}

START_TEST(defaults)
{
	struct keeld_opts o;
	char *argv[] = { "keeld", NULL };

	ck_assert_int_eq(parse(&o, argv), 0);
	ck_assert_int_eq(o.action, KEELD_RUN);
	ck_assert_str_eq(o.config_file, "/etc/keel/keel.conf");
	ck_assert_str_eq(o.control_socket, "/run/keel/keeld.sock");
	ck_assert(!o.dont_fork && !o.log_console);
}
END_TEST

START_TEST(keepalived_options)
{
	struct keeld_opts o;
	char *argv[] = { "keeld", "-f", "/x.conf", "-n", "-l", "-D", "-p", "/p", "-x", "-P",
			 "-S", "3", "-i", "r1", "--control-socket", "/s", NULL };

	ck_assert_int_eq(parse(&o, argv), 0);
	ck_assert_str_eq(o.config_file, "/x.conf");
	ck_assert_str_eq(o.pid_file, "/p");
	ck_assert_str_eq(o.control_socket, "/s");
	ck_assert_str_eq(o.config_id, "r1");
	ck_assert(o.dont_fork && o.log_console && o.log_detail && o.snmp && o.vrrp_only);
	ck_assert_int_eq(o.log_facility, LOG_LOCAL3);
}
END_TEST

START_TEST(long_forms_and_actions)
{
	struct keeld_opts o;
	char *t[] = { "keeld", "--config-test", "--use-file=/c", NULL };
	char *v[] = { "keeld", "--version", NULL };
	char *h[] = { "keeld", "-h", NULL };

	ck_assert_int_eq(parse(&o, t), 0);
	ck_assert_int_eq(o.action, KEELD_CONFIG_TEST);
	ck_assert_str_eq(o.config_file, "/c");
	ck_assert_int_eq(parse(&o, v), 0);
	ck_assert_int_eq(o.action, KEELD_VERSION);
	ck_assert_int_eq(parse(&o, h), 0);
	ck_assert_int_eq(o.action, KEELD_HELP);
}
END_TEST

START_TEST(errors)
{
	struct keeld_opts o;
	char *missing[] = { "keeld", "-f", NULL };
	char *unknown[] = { "keeld", "--bogus", NULL };
	char *extra[] = { "keeld", "stray", NULL };
	char *facility[] = { "keeld", "-S", "9", NULL };
	char *both[] = { "keeld", "-P", "-C", NULL };

	ck_assert_int_eq(parse(&o, missing), -1);
	ck_assert_int_eq(parse(&o, unknown), -1);
	ck_assert_int_eq(parse(&o, extra), -1);
	ck_assert_int_eq(parse(&o, facility), -1);
	ck_assert_int_eq(parse(&o, both), -1);
}
END_TEST

Suite *opts_suite(void)
{
	Suite *s = suite_create("opts");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, defaults);
	tcase_add_test(tc, keepalived_options);
	tcase_add_test(tc, long_forms_and_actions);
	tcase_add_test(tc, errors);
	suite_add_tcase(s, tc);
	return s;
}
