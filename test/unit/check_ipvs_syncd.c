// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <string.h>

#include "cfg.h"
#include "ipvs_syncd.h"
#include "suites.h"
#include "unit_cfg.h"

static const char vi[] = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
			 " priority 100\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n";

START_TEST(syncid_defaults_to_vrid)
{
	char text[512];
	struct config *c;

	snprintf(text, sizeof(text), "global_defs {\n lvs_sync_daemon eth1 VI_1\n}\n%s", vi);
	c = unit_cfg_load(text);
	ck_assert_uint_eq(c->global.lvs_sync.syncid, 51);
	cfg_free(c);
	snprintf(text, sizeof(text), "global_defs {\n lvs_sync_daemon eth1 VI_1 id 7\n}\n%s", vi);
	c = unit_cfg_load(text);
	ck_assert_uint_eq(c->global.lvs_sync.syncid, 7);
	cfg_free(c);
	c = unit_cfg_load("global_defs {\n lvs_sync_daemon eth1\n}\n");
	ck_assert_uint_eq(c->global.lvs_sync.syncid, 0);
	cfg_free(c);
}
END_TEST

START_TEST(roles_ask_for_daemons)
{
	struct cfg_lvs_sync ls = { .set = true, .ifname = "eth1", .syncid = 51 };
	struct ipvs_daemon d[2];

	ck_assert_uint_eq(ipvs_syncd_wanted(&ls, IPVS_SYNCD_NONE, d), 0);
	ck_assert_uint_eq(ipvs_syncd_wanted(&ls, IPVS_SYNCD_MASTER, d), 1);
	ck_assert_uint_eq(d[0].state, IPVS_DAEMON_MASTER);
	ck_assert_str_eq(d[0].ifname, "eth1");
	ck_assert_uint_eq(d[0].syncid, 51);
	ck_assert_uint_eq(ipvs_syncd_wanted(&ls, IPVS_SYNCD_BACKUP, d), 1);
	ck_assert_uint_eq(d[0].state, IPVS_DAEMON_BACKUP);
	ck_assert_uint_eq(ipvs_syncd_wanted(&ls, IPVS_SYNCD_BOTH, d), 2);
	ck_assert_uint_eq(d[0].state, IPVS_DAEMON_MASTER);
	ck_assert_uint_eq(d[1].state, IPVS_DAEMON_BACKUP);
	ls.set = false;
	ck_assert_uint_eq(ipvs_syncd_wanted(&ls, IPVS_SYNCD_BOTH, d), 0);
	ck_assert_uint_eq(ipvs_syncd_wanted(NULL, IPVS_SYNCD_BOTH, d), 0);
}
END_TEST

/* Unset options accept the kernel's choice (it reports maxlen from the MTU,
 * the default group and port); set ones and the identity must match. */
START_TEST(running_daemon_matches)
{
	struct cfg_lvs_sync ls = { .set = true, .ifname = "eth1", .syncid = 51 };
	struct ipvs_daemon w[2], k;

	ipvs_syncd_wanted(&ls, IPVS_SYNCD_MASTER, w);
	k = w[0];
	k.maxlen = 1472;
	k.port = 8848;
	k.ttl = 1;
	k.group_af = AF_INET;
	inet_pton(AF_INET, "224.0.0.81", &k.group.in4);
	ck_assert(ipvs_syncd_matches(&w[0], &k));
	k.syncid = 52;
	ck_assert(!ipvs_syncd_matches(&w[0], &k));
	k.syncid = 51;
	strcpy(k.ifname, "eth2");
	ck_assert(!ipvs_syncd_matches(&w[0], &k));
	strcpy(k.ifname, "eth1");
	k.state = IPVS_DAEMON_BACKUP;
	ck_assert(!ipvs_syncd_matches(&w[0], &k));
	k.state = IPVS_DAEMON_MASTER;
	ls.mcast_port = 9000;
	ipvs_syncd_wanted(&ls, IPVS_SYNCD_MASTER, w);
	ck_assert(!ipvs_syncd_matches(&w[0], &k));
	ls.mcast_port = 0;
	ls.mcast_group.af = AF_INET;
	inet_pton(AF_INET, "224.0.0.82", &ls.mcast_group.v4);
	ipvs_syncd_wanted(&ls, IPVS_SYNCD_MASTER, w);
	ck_assert(!ipvs_syncd_matches(&w[0], &k));
	inet_pton(AF_INET, "224.0.0.81", &ls.mcast_group.v4);
	ipvs_syncd_wanted(&ls, IPVS_SYNCD_MASTER, w);
	ck_assert(ipvs_syncd_matches(&w[0], &k));
}
END_TEST

Suite *ipvs_syncd_suite(void)
{
	Suite *s = suite_create("ipvs_syncd");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, syncid_defaults_to_vrid);
	tcase_add_test(tc, roles_ask_for_daemons);
	tcase_add_test(tc, running_daemon_matches);
	suite_add_tcase(s, tc);
	return s;
}
