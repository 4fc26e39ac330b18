// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "suites.h"

static struct status_snapshot sample(struct reload_result *r)
{
	return (struct status_snapshot){
		.version = "1.2.3", .pid = 42, .uptime_s = 90061,
		.config_path = "/etc/keel/keel.conf", .reloads = 3, .reload_failures = 1,
		.virtual_servers = 2, .real_servers = 6, .vrrp_instances = 1,
		.last = r,
	};
}

START_TEST(text_ok)
{
	struct reload_result r = { .ok = true, .when = 0, .warnings = 2 };
	struct status_snapshot s = sample(&r);
	char *t = status_text(&s);

	ck_assert_ptr_nonnull(strstr(t, "keeld 1.2.3, pid 42, up 1d 01:01:01\n"));
	ck_assert_ptr_nonnull(strstr(t, "config:      /etc/keel/keel.conf\n"));
	ck_assert_ptr_nonnull(strstr(t, "model:       2 virtual servers, 6 real servers, 1 VRRP instances\n"));
	ck_assert_ptr_nonnull(strstr(t, "last load:   ok at "));
	ck_assert_ptr_nonnull(strstr(t, "(0 errors, 2 warnings)"));
	ck_assert_ptr_null(strstr(t, "first error"));
	ck_assert_ptr_nonnull(strstr(t, "reloads:     3 ok, 1 failed\n"));
	free(t);
}
END_TEST

START_TEST(text_failed_reload_names_the_error)
{
	struct reload_result r = { .ok = false, .errors = 1, .first_error = "f:3:1: error: boom" };
	struct status_snapshot s = sample(&r);
	char *t = status_text(&s);

	ck_assert_ptr_nonnull(strstr(t, "FAILED, previous config still serving"));
	ck_assert_ptr_nonnull(strstr(t, "first error: f:3:1: error: boom\n"));
	free(t);
}
END_TEST

START_TEST(json_members)
{
	struct reload_result r = { .ok = true };
	struct status_snapshot s = sample(&r);
	struct json_writer w;

	json_init(&w);
	json_obj_begin(&w);
	status_json(&s, &w);
	json_obj_end(&w);
	ck_assert_ptr_nonnull(strstr(json_text(&w), "{\"version\":\"1.2.3\",\"pid\":42,\"uptime_s\":90061,"
					 "\"config\":\"/etc/keel/keel.conf\",\"virtual_servers\":2,\"real_servers\":6,"
					 "\"vrrp_instances\":1,\"reloads\":3,"
					 "\"reload_failures\":1,\"last_load\":{\"ok\":true,\"time\":\""));
	ck_assert_ptr_nonnull(strstr(json_text(&w), "\"errors\":0,\"warnings\":0,\"first_error\":null},\"sync_daemon\":null,\"ipvs\":null}"));
	json_free(&w);
}
END_TEST

START_TEST(sync_daemon_shown_when_configured)
{
	struct reload_result r = { .ok = true };
	struct status_snapshot s = sample(&r);
	struct json_writer w;
	char *t = status_text(&s);

	ck_assert_ptr_null(strstr(t, "sync daemon"));
	free(t);
	s.sync_role = "backup";
	s.sync_ifname = "eth0";
	s.sync_id = 51;
	s.sync_sweeps = 3;
	t = status_text(&s);
	ck_assert_ptr_nonnull(strstr(t, "\nsync daemon: backup on eth0 (syncid 51, 3 sweeps)\n"));
	free(t);
	json_init(&w);
	json_obj_begin(&w);
	status_json(&s, &w);
	json_obj_end(&w);
	ck_assert_ptr_nonnull(strstr(json_text(&w),
				     "\"sync_daemon\":{\"running\":\"backup\",\"interface\":\"eth0\",\"syncid\":51,\"sweeps\":3}"));
	json_free(&w);
}
END_TEST

Suite *status_suite(void)
{
	Suite *s = suite_create("status");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, text_ok);
	tcase_add_test(tc, text_failed_reload_names_the_error);
	tcase_add_test(tc, json_members);
	tcase_add_test(tc, sync_daemon_shown_when_configured);
	suite_add_tcase(s, tc);
	return s;
}
