// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "suites.h"
#include "unit_cfg.h"
#include "vrrp_accept.h"

static const char inst[] = "vrrp_instance V {\n interface eth0\n virtual_router_id 7\n"
			   " priority %d\n %s\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n";

static bool accept_of(const char *global, int prio, const char *mode)
{
	char text[512];
	struct config *c;
	bool a;

	snprintf(text, sizeof(text), "%s", global);
	snprintf(text + strlen(text), sizeof(text) - strlen(text), inst, prio, mode);
	c = unit_cfg_load(text);
	a = c->vrrp[0].accept;
	cfg_free(c);
	return a;
}

/* keepalived.conf(5): accept unless vrrp_strict (where only the owner
 * accepts); the keywords win, but for strict VRRPv2's accept (reset, as
 * keepalived 2.2.7 does: check_cfg_strict.c). */
START_TEST(accept_default_follows_strict)
{
	ck_assert(accept_of("", 100, ""));
	ck_assert(!accept_of("", 100, "no_accept"));
	ck_assert(!accept_of("global_defs {\n vrrp_strict\n}\n", 100, ""));
	ck_assert(accept_of("global_defs {\n vrrp_strict\n}\n", 100, "version 3\n accept"));
	ck_assert(!accept_of("global_defs {\n vrrp_strict\n}\n", 100, "accept"));
	/* strict: the address owner accepts unless told not to */
	ck_assert(accept_of("global_defs {\n vrrp_strict\n}\n", 255, ""));
	ck_assert(!accept_of("global_defs {\n vrrp_strict\n}\n", 255, "no_accept"));
}
END_TEST

START_TEST(drops_unless_accepting_or_owning_master)
{
	struct cfg_vrrp c = { .priority = 100, .accept = true };

	ck_assert(!vrrp_accept_drops(&c, VRRP_STATE_BACKUP));
	ck_assert(!vrrp_accept_drops(&c, VRRP_STATE_MASTER));
	c.accept = false;
	ck_assert(vrrp_accept_drops(&c, VRRP_STATE_BACKUP));
	ck_assert(vrrp_accept_drops(&c, VRRP_STATE_MASTER));
	ck_assert(vrrp_accept_drops(&c, VRRP_STATE_FAULT));
	c.priority = 255;
	ck_assert(!vrrp_accept_drops(&c, VRRP_STATE_MASTER));
	ck_assert(vrrp_accept_drops(&c, VRRP_STATE_BACKUP));
}
END_TEST

Suite *vrrp_accept_suite(void)
{
	Suite *s = suite_create("vrrp_accept");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, accept_default_follows_strict);
	tcase_add_test(tc, drops_unless_accepting_or_owning_master);
	suite_add_tcase(s, tc);
	return s;
}
