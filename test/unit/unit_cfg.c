// SPDX-License-Identifier: GPL-2.0-or-later
#include <check.h>

#include "unit_cfg.h"

struct config *unit_cfg_load(const char *text)
{
	struct cfg_diag *d = cfg_diag_new();
	struct config *c = cfg_load_string("t.conf", text, NULL, d);

	ck_assert_msg(c != NULL, "%s", cfg_diag_count(d) ? cfg_diag_message(d, 0) : "");
	cfg_diag_free(d);
	return c;
}

static struct config *load_saying(const char *text, const struct cfg_load_opts *o, const char *msg)
{
	struct cfg_diag *d = cfg_diag_new();
	struct config *c = cfg_load_string("t.conf", text, o, d);

	ck_assert_msg(cfg_diag_count(d) == (msg != NULL), "%s: %u diagnostics: %s", text,
		      (unsigned)cfg_diag_count(d), cfg_diag_count(d) ? cfg_diag_message(d, 0) : "");
	if (msg)
		ck_assert_str_eq(cfg_diag_message(d, 0), msg);
	cfg_diag_free(d);
	return c;
}

struct config *unit_cfg_load_saying(const char *text, const char *msg)
{
	return load_saying(text, NULL, msg);
}

struct config *unit_cfg_load_here_saying(const char *text, const char *msg)
{
	const struct cfg_load_opts o = { .host_checks = true };

	return load_saying(text, &o, msg);
}
