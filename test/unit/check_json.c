// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "json_flat.h"
#include "suites.h"

START_TEST(writer_nests_and_escapes)
{
	struct json_writer w;

	json_init(&w);
	json_obj_begin(&w);
	json_kv_str(&w, "a", "x\"y\\z\n\x01");
	json_kv_int(&w, "n", -42);
	json_key(&w, "list");
	json_arr_begin(&w);
	json_int(&w, 1);
	json_bool(&w, false);
	json_null(&w);
	json_obj_begin(&w);
	json_obj_end(&w);
	json_arr_end(&w);
	json_kv_str(&w, "none", NULL);
	json_obj_end(&w);
	ck_assert_str_eq(json_text(&w),
			 "{\"a\":\"x\\\"y\\\\z\\n\\u0001\",\"n\":-42,\"list\":[1,false,null,{}],\"none\":null}");
	json_free(&w);
}
END_TEST

START_TEST(flat_parses_members)
{
	const char *in = " {\"cmd\" : \"status\", \"json\":true, \"n\":-7, \"z\":null,"
			 "\"u\":\"\\u00e9\\ud83d\\ude00\\t\"} ";
	struct json_flat f;
	const char *err = NULL;

	ck_assert_int_eq(json_flat_parse(in, strlen(in), &f, &err), 0);
	ck_assert_uint_eq(f.n, 5);
	ck_assert_str_eq(json_flat_str(&f, "cmd"), "status");
	ck_assert(json_flat_bool(&f, "json", false));
	ck_assert_int_eq(json_flat_get(&f, "n")->num, -7);
	ck_assert_int_eq(json_flat_get(&f, "z")->type, JSON_FLAT_NULL);
	ck_assert_str_eq(json_flat_str(&f, "u"), "\xc3\xa9\xf0\x9f\x98\x80\t");
	ck_assert_ptr_null(json_flat_str(&f, "missing"));
	ck_assert_ptr_null(json_flat_str(&f, "n"));
	json_flat_free(&f);
}
END_TEST

START_TEST(flat_refuses_bad_input)
{
	static const char *const bad[] = {
		"", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":{}}", "{\"a\":[1]}",
		"{\"a\":\"x}", "{\"a\":\"\\q\"}", "{\"a\":\"\\ud800\"}", "{\"a\":1.5}",
		"{\"a\":tru}", "{} x", "{\"a\":\"\x01\"}", "{\"a\":\"\\u0000\"}",
		"{\"a\":99999999999999999999}", "{\"a\":-}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct json_flat f;
		const char *err = NULL;
		ck_assert_msg(json_flat_parse(bad[i], strlen(bad[i]), &f, &err) == -1,
			      "accepted: %s", bad[i]);
		ck_assert_ptr_nonnull(err);
	}
}
END_TEST

START_TEST(flat_limits_members)
{
	char in[1024] = "{";
	struct json_flat f;
	const char *err = NULL;

	for (int i = 0; i <= JSON_FLAT_MAX; i++)
		snprintf(in + strlen(in), sizeof(in) - strlen(in), "%s\"k%d\":1", i ? "," : "", i);
	strcat(in, "}");
	ck_assert_int_eq(json_flat_parse(in, strlen(in), &f, &err), -1);
	ck_assert_str_eq(err, "too many members");
}
END_TEST

START_TEST(writer_output_reparses)
{
	struct json_writer w;
	struct json_flat f;
	const char *err = NULL;

	json_init(&w);
	json_obj_begin(&w);
	json_kv_str(&w, "text", "line 1\nline \"2\"\t\\");
	json_kv_bool(&w, "ok", true);
	json_obj_end(&w);
	ck_assert_int_eq(json_flat_parse(json_text(&w), strlen(json_text(&w)), &f, &err), 0);
	ck_assert_str_eq(json_flat_str(&f, "text"), "line 1\nline \"2\"\t\\");
	json_flat_free(&f);
	json_free(&w);
}
END_TEST

Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, writer_nests_and_escapes);
	tcase_add_test(tc, flat_parses_members);
	tcase_add_test(tc, flat_refuses_bad_input);
	tcase_add_test(tc, flat_limits_members);
	tcase_add_test(tc, writer_output_reparses);
	suite_add_tcase(s, tc);
	return s;
}
