// SPDX-License-Identifier: GPL-2.0-or-later
/* The SNMP mapping: keeld's state to the rows of KEEPALIVED-MIB and
 * VRRPv3-MIB, without an agent. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "snmp_mib.h"
#include "snmp_mib_rfc2787.h"
#include "snmp_mib_vrrp.h"
#include "snmp_notif.h"
#include "suites.h"
#include "unit_cfg.h"

static const char servers_conf[] =
	"global_defs {\n router_id r1\n enable_snmp_checker\n}\n"
	"virtual_server 10.0.0.100 51820 {\n"
	"  protocol UDP\n  lb_algo sh\n  lb_kind DR\n  persistence_timeout 600\n"
	"  quorum 2\n  hysteresis 1\n  delay_loop 3\n  quorum_up \"/bin/true up\"\n"
	"  real_server 10.0.1.1 51820 { weight 5\n    TCP_CHECK { connect_port 22 }\n  }\n"
	"  real_server 10.0.1.2 51820 { weight 7\n inhibit_on_failure\n uthreshold 100\n"
	"    notify_down \"/bin/echo down\"\n  }\n"
	"}\n"
	"virtual_server fwmark 7 {\n  lb_algo mh\n  sorry_server 10.0.2.9 80\n"
	"  real_server 10.0.2.1 80 { weight 1 }\n}\n";

/* rows[i] column col as a number, failing when unset */
static long num(const struct snmp_rows *t, size_t i, unsigned col)
{
	const struct snmp_cell *c;

	ck_assert_uint_lt(i, t->n);
	c = snmp_row_get(&t->v[i], col);
	ck_assert_msg(c != NULL, "row %zu column %u unset", i, col);
	ck_assert_int_ne(c->type, SNMP_CELL_OCTETS);
	return (long)c->n;
}

static void assert_bytes(const struct snmp_rows *t, size_t i, unsigned col,
			 enum snmp_cell_type type, const void *want, size_t len)
{
	const struct snmp_cell *c = snmp_row_get(&t->v[i], col);

	ck_assert_msg(c != NULL, "row %zu column %u unset", i, col);
	ck_assert_int_eq(c->type, type);
	ck_assert_uint_eq(c->len, len);
	ck_assert(len == 0 || memcmp(c->s, want, len) == 0);
}

static void assert_octets(const struct snmp_rows *t, size_t i, unsigned col, const void *want,
			  size_t len)
{
	assert_bytes(t, i, col, SNMP_CELL_OCTETS, want, len);
}

static void assert_ip(const struct snmp_rows *t, size_t i, unsigned col, const uint8_t want[4])
{
	assert_bytes(t, i, col, SNMP_CELL_IPADDRESS, want, 4);
}

static void assert_str(const struct snmp_rows *t, size_t i, unsigned col, const char *want)
{
	assert_octets(t, i, col, want, strlen(want));
}

/* health: the first real server of the first virtual server is down */
static bool rs_first_down(void *arg, size_t v, size_t r, struct rs_health *out)
{
	(void)arg;
	out->alive = !(v == 0 && r == 0);
	out->weight = v == 0 && r == 1 ? 9 : 1;	/* a dynamic weight */
	return true;
}

static bool quorum_none(void *arg, size_t v)
{
	(void)arg;
	return v != 0;
}

START_TEST(test_servers)
{
	struct config *cfg = unit_cfg_load(servers_conf);
	const struct ipvs_health h = { .rs = rs_first_down, .quorum = quorum_none };
	struct snmp_rows vs = { 0 }, rs = { 0 };
	const uint8_t vip[4] = { 10, 0, 0, 100 }, rs2[4] = { 10, 0, 1, 2 };

	snmp_mib_servers(cfg, &h, &vs, &rs);
	ck_assert_uint_eq(vs.n, 2);
	ck_assert_uint_eq(rs.n, 4);
	ck_assert(snmp_rows_complete(&vs, SNMP_VS_COL_FIRST, SNMP_VS_COL_LAST));
	ck_assert(snmp_rows_complete(&rs, SNMP_RS_COL_FIRST, SNMP_RS_COL_LAST));
	/* virtual server 1: ip, 10.0.0.100:51820 udp sh dr, persistent */
	ck_assert_int_eq(vs.v[0].nindex, 1);
	ck_assert_int_eq(vs.v[0].index[0], 1);
	ck_assert_int_eq(num(&vs, 0, 2), 2);
	ck_assert_int_eq(num(&vs, 0, 5), 1);
	assert_octets(&vs, 0, 6, vip, 4);
	ck_assert_int_eq(num(&vs, 0, 7), 51820);
	ck_assert_int_eq(num(&vs, 0, 8), 2);
	ck_assert_int_eq(num(&vs, 0, 9), 8);
	ck_assert_int_eq(num(&vs, 0, 10), 2);
	ck_assert_int_eq(num(&vs, 0, 11), 2);	/* no quorum: dead */
	ck_assert_int_eq(num(&vs, 0, 13), 1);
	ck_assert_int_eq(num(&vs, 0, 14), 600);
	assert_octets(&vs, 0, 15, (const uint8_t[]){ 255, 255, 255, 255 }, 4);
	ck_assert_int_eq(num(&vs, 0, 16), 3);
	ck_assert_int_eq(num(&vs, 0, 20), 2);
	ck_assert_int_eq(num(&vs, 0, 21), 1);
	ck_assert_int_eq(num(&vs, 0, 22), 2);
	ck_assert_int_eq(num(&vs, 0, 23), 2);
	assert_str(&vs, 0, 24, "/bin/true up");
	assert_str(&vs, 0, 25, "");
	ck_assert_int_eq(num(&vs, 0, 26), 1);
	/* virtual server 2: fwmark 7, no address, protocol none, mh */
	ck_assert_int_eq(num(&vs, 1, 2), 1);
	ck_assert_int_eq(num(&vs, 1, 4), 7);
	assert_octets(&vs, 1, 6, NULL, 0);
	ck_assert_int_eq(num(&vs, 1, 8), 4);
	ck_assert_int_eq(num(&vs, 1, 9), 13);
	ck_assert_int_eq(num(&vs, 1, 11), 1);
	ck_assert_int_eq(num(&vs, 1, 16), 60);	/* keepalived's default delay_loop */
	/* real servers: index (vs, rs), status, weights, limits, actions */
	ck_assert_int_eq(rs.v[1].nindex, 2);
	ck_assert_int_eq(rs.v[1].index[0], 1);
	ck_assert_int_eq(rs.v[1].index[1], 2);
	ck_assert_int_eq(num(&rs, 0, 6), 2);
	ck_assert_int_eq(num(&rs, 1, 6), 1);
	assert_octets(&rs, 1, 4, rs2, 4);
	ck_assert_int_eq(num(&rs, 1, 5), 51820);
	ck_assert_int_eq(num(&rs, 1, 7), 9);
	ck_assert_int_eq(num(&rs, 1, 8), 100);
	ck_assert_int_eq(num(&rs, 0, 10), 1);
	ck_assert_int_eq(num(&rs, 1, 10), 2);
	assert_str(&rs, 1, 12, "/bin/echo down");
	/* the sorry server first, type sorry, alive only while quorum is lost */
	ck_assert_int_eq(rs.v[2].index[0], 2);
	ck_assert_int_eq(rs.v[2].index[1], 1);
	ck_assert_int_eq(num(&rs, 2, 2), 2);
	ck_assert_int_eq(num(&rs, 2, 6), 2);
	ck_assert_int_eq(rs.v[3].index[1], 2);
	ck_assert_int_eq(num(&rs, 3, 2), 1);
	ck_assert_int_eq(num(&vs, 1, 20), 1);	/* not counted among the real servers */
	snmp_rows_free(&vs);
	snmp_rows_free(&rs);
	cfg_free(cfg);
}
END_TEST

/* Without health: keeld's start state (a checked server starts up
 * unless alpha), as the IPVS table is built. */
START_TEST(test_servers_start_state)
{
	struct config *cfg = unit_cfg_load(servers_conf);
	struct snmp_rows vs = { 0 }, rs = { 0 };

	snmp_mib_servers(cfg, NULL, &vs, &rs);
	ck_assert_int_eq(num(&rs, 0, 6), 1);
	ck_assert_int_eq(num(&rs, 0, 7), 5);
	ck_assert_int_eq(num(&vs, 0, 21), 2);
	ck_assert_int_eq(num(&vs, 0, 23), 1);	/* 5 + 7 >= 2 + 1 */
	snmp_rows_free(&vs);
	snmp_rows_free(&rs);
	cfg_free(cfg);
}
END_TEST

START_TEST(test_enums)
{
	ck_assert_int_eq(snmp_mib_sched("rr"), 1);
	ck_assert_int_eq(snmp_mib_sched("wlc"), 4);
	ck_assert_int_eq(snmp_mib_sched("mh"), 13);
	ck_assert_int_eq(snmp_mib_sched("twos"), 14);
	ck_assert_int_eq(snmp_mib_sched("bogus"), 99);
	ck_assert_int_eq(snmp_mib_fwd(CFG_FWD_NAT), 1);
	ck_assert_int_eq(snmp_mib_fwd(CFG_FWD_DR), 2);
	ck_assert_int_eq(snmp_mib_fwd(CFG_FWD_TUN), 3);
	ck_assert_int_eq(snmp_mib_vrrp_state(VRRP_STATE_INIT), 0);
	ck_assert_int_eq(snmp_mib_vrrp_state(VRRP_STATE_BACKUP), 1);
	ck_assert_int_eq(snmp_mib_vrrp_state(VRRP_STATE_MASTER), 2);
	ck_assert_int_eq(snmp_mib_vrrp_state(VRRP_STATE_FAULT), 3);
	ck_assert_int_eq(snmp_mib_vrrp_state(VRRP_STATE_STOP), 5);
	ck_assert_int_eq(snmp_mib_v3_status(VRRP_STATE_MASTER), 3);
	ck_assert_int_eq(snmp_mib_v3_status(VRRP_STATE_BACKUP), 2);
	ck_assert_int_eq(snmp_mib_v3_status(VRRP_STATE_FAULT), 1);
	ck_assert_int_eq(snmp_mib_v3_status(VRRP_STATE_INIT), 1);
}
END_TEST

START_TEST(test_wanted)
{
	struct config *none = unit_cfg_load("global_defs {\n router_id r\n}\n");
	struct config *v3 = unit_cfg_load("global_defs {\n enable_snmp_rfcv3\n}\n");
	struct config *ka = unit_cfg_load("global_defs {\n enable_snmp_keepalived\n}\n");
	struct config *rfc = unit_cfg_load("global_defs {\n enable_snmp_rfc\n}\n");
	struct config *rfc_off = unit_cfg_load("global_defs {\n enable_snmp_rfc\n enable_snmp_rfc false\n}\n");

	ck_assert(!snmp_mib_wanted(none, false));
	ck_assert(snmp_mib_wanted(none, true));
	ck_assert(snmp_mib_vrrp_on(none, true) && snmp_mib_checker_on(none, true));
	ck_assert(snmp_mib_wanted(v3, false));
	ck_assert(!snmp_mib_vrrp_on(v3, false) && !snmp_mib_checker_on(v3, false));
	ck_assert(snmp_mib_vrrp_on(ka, false) && !snmp_mib_checker_on(ka, false));
	/* enable_snmp_rfc: both RFC MIBs (keepalived.conf(5)) */
	ck_assert(rfc->global.enable_snmp_rfcv2 && rfc->global.enable_snmp_rfcv3);
	ck_assert(snmp_mib_wanted(rfc, false));
	ck_assert(!rfc_off->global.enable_snmp_rfcv2 && !rfc_off->global.enable_snmp_rfcv3);
	ck_assert(!v3->global.enable_snmp_rfcv2);
	cfg_free(rfc);
	cfg_free(rfc_off);
	cfg_free(none);
	cfg_free(v3);
	cfg_free(ka);
}
END_TEST

static struct vrrp_inst_view view(const char *name, const char *ifname, unsigned vrid, int version,
				  enum vrrp_state st)
{
	struct vrrp_inst_view v = {
		.vrid = vrid, .version = version, .state = st, .base_priority = 100, .priority = 90,
		.advert_int_us = 1500000, .preempt = true, .family = AF_INET, .has_src = true,
		.nvips = 2, .preempt_delay_us = 4000000,
	};

	snprintf(v.name, sizeof(v.name), "%s", name);
	snprintf(v.ifname, sizeof(v.ifname), "%s", ifname);
	inet_pton(AF_INET, "192.0.2.1", v.src);
	inet_pton(AF_INET, "192.0.2.9", v.master);
	return v;
}

static const char vrrp_conf[] =
	"global_defs {\n lvs_sync_daemon eth1 VI_2\n}\n"
	"vrrp_sync_group G1 {\n group {\n  VI_2\n }\n}\n"
	"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n version 3\n"
	" virtual_ipaddress {\n  192.0.2.100/24\n }\n}\n"
	"vrrp_instance VI_2 {\n interface eth1\n virtual_router_id 52\n garp_master_delay 2\n"
	" notify_master \"/bin/echo m\"\n virtual_ipaddress {\n  192.0.2.101/24\n }\n}\n";

START_TEST(test_vrrp_instances)
{
	struct config *cfg = unit_cfg_load(vrrp_conf);
	struct vrrp_inst_view v[3] = { view("VI_1", "eth0", 51, 3, VRRP_STATE_MASTER),
				       view("VI_2", "eth1", 52, 2, VRRP_STATE_BACKUP),
				       view("gone", "eth9", 9, 2, VRRP_STATE_BACKUP) };
	struct snmp_rows t = { 0 };

	v[0].init_master = true;
	v[0].vips_up = true;
	v[0].accept = true;
	v[1].auth_pass = true;
	v[1].preempt = false;
	snmp_mib_vrrp(cfg, v, 3, &t);
	ck_assert_uint_eq(t.n, 3);
	ck_assert(snmp_rows_complete(&t, SNMP_VI_COL_FIRST, SNMP_VI_COL_LAST));
	ck_assert_int_eq(t.v[1].index[0], 2);
	assert_str(&t, 0, 2, "VI_1");
	ck_assert_int_eq(num(&t, 0, 3), 51);
	ck_assert_int_eq(num(&t, 0, 4), 2);
	ck_assert_int_eq(num(&t, 1, 4), 1);
	ck_assert_int_eq(num(&t, 0, 5), 2);
	ck_assert_int_eq(num(&t, 1, 5), 1);
	ck_assert_int_eq(num(&t, 0, 7), 100);
	ck_assert_int_eq(num(&t, 0, 8), 90);
	ck_assert_int_eq(num(&t, 0, 9), 1);
	ck_assert_int_eq(num(&t, 1, 9), 2);
	assert_str(&t, 1, 10, "eth1");
	ck_assert_int_eq(num(&t, 0, 11), 2);
	ck_assert_int_eq(num(&t, 0, 12), 150);	/* VRRPv3: centiseconds */
	ck_assert_int_eq(num(&t, 1, 12), 1);	/* VRRPv2: seconds */
	ck_assert_int_eq(num(&t, 1, 13), 2);
	ck_assert_int_eq(num(&t, 0, 14), 4);
	ck_assert_int_eq(num(&t, 0, 15), 0);
	ck_assert_int_eq(num(&t, 1, 15), 1);
	/* from the config: the instance with that interface and VRID */
	ck_assert_int_eq(num(&t, 0, 16), 2);
	ck_assert_int_eq(num(&t, 1, 16), 1);
	assert_str(&t, 1, 17, "eth1");
	assert_str(&t, 0, 18, "");
	assert_str(&t, 1, 18, "G1");
	ck_assert_int_eq(num(&t, 0, 19), 5);	/* keepalived's default */
	ck_assert_int_eq(num(&t, 1, 19), 2);
	ck_assert_int_eq(num(&t, 0, 21), 2);
	ck_assert_int_eq(num(&t, 1, 21), 1);
	assert_str(&t, 1, 22, "/bin/echo m");
	assert_str(&t, 1, 26, "");
	ck_assert_int_eq(num(&t, 0, 27), 1);
	ck_assert_int_eq(num(&t, 1, 27), 2);
	ck_assert_int_eq(num(&t, 0, 30), 3);
	ck_assert_int_eq(num(&t, 1, 30), 2);
	/* an instance the config no longer has (a reload's window) */
	ck_assert_int_eq(num(&t, 2, 16), 2);
	assert_str(&t, 2, 22, "");
	snmp_rows_free(&t);
	cfg_free(cfg);
}
END_TEST

static unsigned fake_ifindex(const char *ifname)
{
	return strcmp(ifname, "eth0") == 0 ? 7 : strcmp(ifname, "eth1") == 0 ? 3 : 0;
}

START_TEST(test_vrrpv3)
{
	struct vrrp_inst_view v[3] = { view("A", "eth0", 51, 3, VRRP_STATE_MASTER),
				       view("B", "eth1", 52, 3, VRRP_STATE_BACKUP),
				       view("C", "gone0", 53, 3, VRRP_STATE_FAULT) };
	struct snmp_rows t = { 0 };
	const uint8_t own[4] = { 192, 0, 2, 1 }, heard[4] = { 192, 0, 2, 9 };
	const uint8_t vmac[6] = { 0, 0, 0x5e, 0, 1, 52 };

	v[1].has_master = true;
	v[0].accept = true;
	snmp_mib_vrrpv3(v, 3, fake_ifindex, &t);
	ck_assert_uint_eq(t.n, 2);	/* no ifIndex, no row */
	ck_assert(snmp_rows_complete(&t, SNMP_V3_COL_FIRST, SNMP_V3_COL_LAST));
	/* in index order: eth1 (3) before eth0 (7) */
	ck_assert_int_eq(t.v[0].nindex, 3);
	ck_assert_int_eq(t.v[0].index[0], 3);
	ck_assert_int_eq(t.v[0].index[1], 52);
	ck_assert_int_eq(t.v[0].index[2], 1);
	ck_assert_int_eq(t.v[1].index[0], 7);
	ck_assert_ptr_null(snmp_row_get(&t.v[0], 2));	/* an index: not-accessible */
	ck_assert_int_eq(num(&t, 0, 6), 2);
	ck_assert_int_eq(num(&t, 1, 6), 3);
	assert_octets(&t, 0, 3, heard, 4);	/* backup: the master it heard */
	assert_octets(&t, 1, 3, own, 4);	/* master: itself */
	assert_octets(&t, 0, 4, own, 4);
	assert_octets(&t, 0, 5, vmac, 6);
	ck_assert_int_eq(num(&t, 0, 7), 90);
	ck_assert_int_eq(num(&t, 0, 8), 2);
	ck_assert_int_eq(num(&t, 0, 9), 150);
	ck_assert_int_eq(num(&t, 0, 10), 1);
	ck_assert_int_eq(num(&t, 0, 11), 2);
	ck_assert_int_eq(num(&t, 1, 11), 1);
	snmp_rows_free(&t);
}
END_TEST

static const char groups_conf[] =
	"vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n notify_master \"/bin/m\"\n}\n"
	"vrrp_sync_group G2 {\n group {\n  VI_3\n }\n}\n"
	"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n version 3\n"
	" virtual_ipaddress {\n  192.0.2.100/24\n  192.0.2.101 dev eth1 label eth1:1 scope link\n"
	" }\n virtual_ipaddress_excluded {\n  192.0.2.102\n  2001:db8::1\n }\n}\n"
	"vrrp_instance VI_2 {\n interface eth1\n virtual_router_id 52\n"
	" virtual_ipaddress {\n  192.0.2.110\n }\n}\n"
	"vrrp_instance VI_3 {\n interface eth1\n virtual_router_id 53\n"
	" virtual_ipaddress {\n  192.0.2.120\n }\n}\n";

/* Sync groups take their state from their members' views, members in
 * the group's order. */
START_TEST(test_sync_groups)
{
	struct config *cfg = unit_cfg_load(groups_conf);
	struct vrrp_inst_view v[3] = { view("VI_1", "eth0", 51, 3, VRRP_STATE_MASTER),
				       view("VI_2", "eth1", 52, 2, VRRP_STATE_MASTER),
				       view("VI_3", "eth1", 53, 2, VRRP_STATE_FAULT) };
	struct snmp_rows g = { 0 }, m = { 0 };

	snmp_mib_sync_groups(cfg, v, 3, &g, &m);
	ck_assert_uint_eq(g.n, 2);
	ck_assert(snmp_rows_complete(&g, SNMP_SG_COL_FIRST, SNMP_SG_COL_LAST));
	assert_str(&g, 0, 2, "G1");
	ck_assert_int_eq(num(&g, 0, 3), 2);	/* both master */
	ck_assert_int_eq(num(&g, 1, 3), 3);	/* fault */
	ck_assert_int_eq(num(&g, 0, 5), 1);
	ck_assert_int_eq(num(&g, 1, 5), 2);
	assert_str(&g, 0, 6, "/bin/m");
	assert_str(&g, 0, 9, "");
	ck_assert_uint_eq(m.n, 3);
	ck_assert(snmp_rows_complete(&m, SNMP_SGM_COL, SNMP_SGM_COL));
	ck_assert_int_eq(m.v[1].index[0], 1);
	ck_assert_int_eq(m.v[1].index[1], 2);
	assert_str(&m, 1, 2, "VI_2");
	ck_assert_int_eq(m.v[2].index[0], 2);
	assert_str(&m, 2, 2, "VI_3");
	/* a member not running: the group is on its way */
	snmp_rows_clear(&g);
	snmp_rows_clear(&m);
	v[1].state = VRRP_STATE_BACKUP;
	snmp_mib_sync_groups(cfg, v, 1, &g, &m);
	ck_assert_int_eq(num(&g, 0, 3), 4);
	snmp_rows_free(&g);
	snmp_rows_free(&m);
	cfg_free(cfg);
}
END_TEST

START_TEST(test_vrrp_addrs)
{
	struct config *cfg = unit_cfg_load(groups_conf);
	struct vrrp_inst_view v[2] = { view("VI_1", "eth0", 51, 3, VRRP_STATE_MASTER),
				       view("VI_2", "eth1", 52, 2, VRRP_STATE_BACKUP) };
	struct snmp_rows t = { 0 };
	const uint8_t a100[4] = { 192, 0, 2, 100 }, a110[4] = { 192, 0, 2, 110 }, zero[4] = { 0 };

	v[0].vips_up = true;
	snmp_mib_vrrp_addrs(cfg, v, 2, fake_ifindex, &t);
	ck_assert_uint_eq(t.n, 5);
	ck_assert(snmp_rows_complete(&t, SNMP_VA_COL_FIRST, SNMP_VA_COL_LAST));
	ck_assert_int_eq(t.v[0].index[0], 1);
	ck_assert_int_eq(t.v[0].index[1], 1);
	ck_assert_int_eq(num(&t, 0, 2), 1);
	assert_octets(&t, 0, 3, a100, 4);
	assert_octets(&t, 0, 4, zero, 4);
	ck_assert_int_eq(num(&t, 0, 5), 24);
	ck_assert_int_eq(num(&t, 0, 6), 14);	/* global */
	ck_assert_int_eq(num(&t, 0, 7), 7);
	assert_str(&t, 0, 8, "eth0");
	assert_str(&t, 0, 9, "");
	ck_assert_int_eq(num(&t, 0, 10), 1);
	ck_assert_int_eq(num(&t, 0, 11), 1);
	/* its own device, label and scope */
	ck_assert_int_eq(num(&t, 1, 5), 32);
	ck_assert_int_eq(num(&t, 1, 6), 2);
	ck_assert_int_eq(num(&t, 1, 7), 3);
	assert_str(&t, 1, 8, "eth1");
	assert_str(&t, 1, 9, "eth1:1");
	ck_assert_int_eq(num(&t, 2, 11), 2);	/* excluded: not advertised */
	ck_assert_int_eq(num(&t, 3, 2), 2);	/* IPv6 */
	ck_assert_int_eq(num(&t, 3, 5), 128);
	ck_assert_int_eq(t.v[4].index[0], 2);
	ck_assert_int_eq(t.v[4].index[1], 1);
	assert_octets(&t, 4, 3, a110, 4);
	ck_assert_int_eq(num(&t, 4, 10), 2);	/* backup: not set */
	snmp_rows_free(&t);
	cfg_free(cfg);
}
END_TEST

START_TEST(test_vrrpv3_addrs)
{
	struct config *cfg = unit_cfg_load(groups_conf);
	struct vrrp_inst_view v[3] = { view("VI_1", "eth0", 51, 3, VRRP_STATE_MASTER),
				       view("VI_2", "eth1", 52, 2, VRRP_STATE_BACKUP),
				       view("VI_3", "gone0", 53, 2, VRRP_STATE_BACKUP) };
	struct snmp_rows t = { 0 };
	const uint8_t a101[4] = { 192, 0, 2, 101 };

	snmp_mib_vrrpv3_addrs(cfg, v, 3, fake_ifindex, &t);
	/* the excluded addresses are not the instance's; an interface
	 * without index has no row */
	ck_assert_uint_eq(t.n, 3);
	ck_assert(snmp_rows_complete(&t, SNMP_V3A_COL, SNMP_V3A_COL));
	ck_assert_int_eq(t.v[1].nindex, 3);
	ck_assert_int_eq(t.v[1].index[0], 7);
	ck_assert_int_eq(t.v[1].index[1], 51);
	ck_assert_int_eq(t.v[1].index[2], 1);
	ck_assert_uint_eq(t.v[1].addr_len, 4);
	ck_assert_mem_eq(t.v[1].addr, a101, 4);
	ck_assert_int_eq(num(&t, 1, 2), 1);
	ck_assert_int_eq(t.v[2].index[0], 3);
	ck_assert_int_eq(t.v[2].index[1], 52);
	snmp_rows_free(&t);
	cfg_free(cfg);
}
END_TEST

static const char track_conf[] =
	"vrrp_script ok {\n script /bin/true\n weight 10\n}\n"
	"vrrp_script rev {\n script /bin/true\n weight 7 reverse\n}\n"
	"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
	" track_interface {\n  eth1 weight -10 reverse\n  gone0\n  eth0\n }\n"
	" track_script {\n  ok\n  rev\n  ok weight -20\n }\n"
	" virtual_ipaddress {\n  192.0.2.100\n }\n}\n";

/* The lines' weights, else the script's; interfaces by their ifIndex. */
START_TEST(test_tracked)
{
	struct config *cfg = unit_cfg_load(track_conf);
	struct vrrp_inst_view v[1] = { view("VI_1", "eth0", 51, 2, VRRP_STATE_MASTER) };
	struct snmp_rows t = { 0 };

	snmp_mib_tracked_ifs(cfg, v, 1, fake_ifindex, &t);
	ck_assert_uint_eq(t.n, 2);	/* gone0 has no index */
	ck_assert(snmp_rows_complete(&t, SNMP_TI_COL_FIRST, SNMP_TI_COL_LAST));
	ck_assert_int_eq(t.v[0].index[0], 1);
	ck_assert_int_eq(t.v[0].index[1], 3);
	assert_str(&t, 0, 1, "eth1");
	ck_assert_int_eq(num(&t, 0, 2), -10);
	ck_assert_int_eq(num(&t, 0, 3), 1);
	ck_assert_int_eq(t.v[1].index[1], 7);
	ck_assert_int_eq(num(&t, 1, 2), 0);
	ck_assert_int_eq(num(&t, 1, 3), 2);
	snmp_rows_clear(&t);
	snmp_mib_tracked_scripts(cfg, v, 1, fake_ifindex, &t);
	ck_assert_uint_eq(t.n, 3);
	ck_assert(snmp_rows_complete(&t, SNMP_TS_COL_FIRST, SNMP_TS_COL_LAST));
	ck_assert_int_eq(t.v[2].index[0], 1);
	ck_assert_int_eq(t.v[2].index[1], 3);
	assert_str(&t, 0, 2, "ok");
	ck_assert_int_eq(num(&t, 0, 3), 10);
	ck_assert_int_eq(num(&t, 0, 4), 2);
	ck_assert_int_eq(num(&t, 1, 3), 7);
	ck_assert_int_eq(num(&t, 1, 4), 1);
	ck_assert_int_eq(num(&t, 2, 3), -20);
	ck_assert_int_eq(num(&t, 2, 4), 2);
	snmp_rows_free(&t);
	cfg_free(cfg);
	/* a sync group member's scripts weigh nothing */
	cfg = unit_cfg_load("vrrp_sync_group G {\n group {\n  VI_1\n }\n}\n"
			    "vrrp_script ok {\n script /bin/true\n weight 10\n}\n"
			    "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
			    " track_script {\n  ok weight 5\n }\n"
			    " virtual_ipaddress {\n  192.0.2.100\n }\n}\n");
	snmp_mib_tracked_scripts(cfg, v, 1, fake_ifindex, &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_int_eq(num(&t, 0, 3), 0);
	snmp_rows_free(&t);
	cfg_free(cfg);
}
END_TEST

START_TEST(test_procs)
{
	struct config *cfg = unit_cfg_load(
		"vrrp_track_process hap {\n process haproxy\n weight -2\n delay 0.5\n}\n"
		"vrrp_track_process full {\n process /bin/sleep 1000 x\n param_match initial\n"
		" full_command\n weight 3 reverse\n quorum 2\n quorum_max 4\n}\n"
		"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
		" track_process {\n  hap\n  full weight -4\n }\n"
		" virtual_ipaddress {\n  192.0.2.100\n }\n}\n");
	struct vrrp_inst_view v[1] = { view("VI_1", "eth0", 51, 2, VRRP_STATE_MASTER) };
	size_t count[2] = { 1, 5 };
	enum vrrp_obj_state st[2] = { VRRP_OBJ_UP, VRRP_OBJ_DOWN };
	struct snmp_rows t = { 0 };

	snmp_mib_tracked_procs(cfg, v, 1, fake_ifindex, &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert(snmp_rows_complete(&t, SNMP_TP_COL_FIRST, SNMP_TP_COL_LAST));
	ck_assert_int_eq(t.v[1].index[0], 1);
	ck_assert_int_eq(t.v[1].index[1], 2);
	assert_str(&t, 0, 2, "hap");
	ck_assert_int_eq(num(&t, 0, 3), -2);
	ck_assert_int_eq(num(&t, 0, 4), 2);
	ck_assert_int_eq(num(&t, 1, 3), -4);	/* the line's */
	ck_assert_int_eq(num(&t, 1, 4), 1);	/* the process's reverse */
	snmp_rows_clear(&t);
	snmp_mib_procs(cfg, count, st, &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert(snmp_rows_complete(&t, SNMP_PROC_COL_FIRST, SNMP_PROC_COL_LAST));
	assert_str(&t, 0, 3, "haproxy");
	assert_str(&t, 0, 4, "");
	ck_assert_int_eq(num(&t, 0, 5), 0);	/* no parameters: none */
	ck_assert_int_eq(num(&t, 0, 9), -1);	/* no quorum_max */
	ck_assert_int_eq(num(&t, 0, 10), 500000);
	ck_assert_int_eq(num(&t, 0, 11), 500000);
	ck_assert_int_eq(num(&t, 0, 12), 2);
	ck_assert_int_eq(num(&t, 0, 13), 1);
	ck_assert_int_eq(num(&t, 0, 14), 1);
	assert_str(&t, 1, 3, "/bin/sleep");
	assert_str(&t, 1, 4, "1000 x");
	ck_assert_int_eq(num(&t, 1, 5), 3);	/* initial */
	ck_assert_int_eq(num(&t, 1, 6), 3);
	ck_assert_int_eq(num(&t, 1, 7), 1);
	ck_assert_int_eq(num(&t, 1, 8), 2);
	ck_assert_int_eq(num(&t, 1, 9), 4);
	ck_assert_int_eq(num(&t, 1, 12), 1);
	ck_assert_int_eq(num(&t, 1, 13), 5);	/* over quorum_max: down */
	ck_assert_int_eq(num(&t, 1, 14), 2);
	snmp_rows_free(&t);
	cfg_free(cfg);
}
END_TEST

/* RFC 2787 sees the VRRPv2 IPv4 instances only. */
START_TEST(test_vrrp2)
{
	struct config *cfg = unit_cfg_load(groups_conf);
	struct vrrp_inst_view v[3] = { view("VI_1", "eth0", 51, 3, VRRP_STATE_MASTER),
				       view("VI_2", "eth1", 52, 2, VRRP_STATE_BACKUP),
				       view("VI_3", "eth1", 53, 2, VRRP_STATE_MASTER) };
	struct snmp_rows t = { 0 };
	const uint8_t own[4] = { 192, 0, 2, 1 }, none[4] = { 0 }, a110[4] = { 192, 0, 2, 110 };
	const uint8_t vmac[6] = { 0, 0, 0x5e, 0, 1, 53 };
	struct vrrp_router_stats rs = { .checksum_errors = 5, .version_errors = 6,
					.vrid_errors = (1ull << 32) + 7 };
	struct snmp_cell c;

	v[2].auth_pass = true;
	v[2].stats.auth_errors = 2;
	v[2].stats.auth_type_errors = 3;
	v[2].stats.auth_type_unknown = 4;
	v[2].master_transitions = 1;
	v[2].rx_ok = 10;
	v[2].rx_bad = 1;
	snmp_mib_vrrp2_oper(cfg, v, 3, fake_ifindex, &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert(snmp_rows_complete(&t, SNMP_V2O_COL_FIRST, SNMP_V2O_COL_LAST));
	ck_assert_int_eq(t.v[1].index[0], 3);
	ck_assert_int_eq(t.v[1].index[1], 53);
	assert_octets(&t, 1, 2, vmac, 6);
	ck_assert_int_eq(num(&t, 0, 3), 2);	/* backup */
	ck_assert_int_eq(num(&t, 1, 3), 3);	/* master */
	ck_assert_int_eq(num(&t, 1, 4), 1);
	ck_assert_int_eq(num(&t, 1, 5), 90);
	ck_assert_int_eq(num(&t, 1, 6), 2);
	assert_ip(&t, 1, 7, none);	/* heard none, even as master */
	assert_ip(&t, 0, 7, none);
	assert_ip(&t, 0, 8, own);
	ck_assert_int_eq(num(&t, 0, 9), 1);
	ck_assert_int_eq(num(&t, 1, 9), 2);
	assert_str(&t, 1, 10, "");
	ck_assert_int_eq(num(&t, 1, 11), 1);
	ck_assert_int_eq(num(&t, 1, 12), 1);
	snmp_rows_clear(&t);
	snmp_mib_vrrp2_stats(cfg, v, 3, fake_ifindex, &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert(snmp_rows_complete(&t, SNMP_V2S_COL_FIRST, SNMP_V2S_COL_LAST));
	ck_assert_int_eq(num(&t, 1, 1), 1);
	ck_assert_int_eq(num(&t, 1, 2), 11);
	ck_assert_int_eq(num(&t, 1, 4), 2);
	ck_assert_int_eq(num(&t, 1, 10), 4);
	ck_assert_int_eq(num(&t, 1, 11), 3);
	snmp_rows_clear(&t);
	snmp_mib_vrrp2_addrs(cfg, v, 3, fake_ifindex, &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert(snmp_rows_complete(&t, SNMP_V2A_COL, SNMP_V2A_COL));
	ck_assert_int_eq(t.v[0].nindex, 2);
	ck_assert_int_eq(t.v[0].index[1], 52);
	ck_assert_uint_eq(t.v[0].addr_len, 4);
	ck_assert_mem_eq(t.v[0].addr, a110, 4);
	ck_assert_int_eq(num(&t, 0, 2), 1);
	snmp_rows_free(&t);
	ck_assert(snmp_mib_vrrp2_node(&rs, 1, &c));
	ck_assert_int_eq(c.n, 2);
	ck_assert(snmp_mib_vrrp2_node(&rs, 2, &c));
	ck_assert_int_eq(c.n, 2);
	ck_assert(!snmp_mib_vrrp2_node(&rs, 3, &c));
	ck_assert(snmp_mib_vrrp2_router(&rs, 1, &c));
	ck_assert_int_eq(c.type, SNMP_CELL_COUNTER32);
	ck_assert_int_eq(c.n, 5);
	ck_assert(snmp_mib_vrrp2_router(&rs, 3, &c));
	ck_assert_int_eq(c.n, 7);	/* Counter32 wraps */
	ck_assert(!snmp_mib_vrrp2_router(&rs, 4, &c));
	ck_assert(!snmp_mib_vrrp2_router(&rs, 0, &c));
	cfg_free(cfg);
}
END_TEST

START_TEST(test_vrrpv3_router)
{
	struct vrrp_router_stats s = { .checksum_errors = 2, .version_errors = 1, .vrid_errors = 3 };
	struct snmp_cell c;

	ck_assert(snmp_mib_v3_router(&s, 1, &c));
	ck_assert_int_eq(c.type, SNMP_CELL_COUNTER64);
	ck_assert_int_eq(c.n, 2);
	ck_assert(snmp_mib_v3_router(&s, 2, &c));
	ck_assert_int_eq(c.n, 1);
	ck_assert(snmp_mib_v3_router(&s, 3, &c));
	ck_assert_int_eq(c.n, 3);
	ck_assert(snmp_mib_v3_router(&s, 4, &c));
	ck_assert_int_eq(c.type, SNMP_CELL_TICKS);
	ck_assert(!snmp_mib_v3_router(&s, 5, &c));
	ck_assert(!snmp_mib_v3_router(&s, 0, &c));
}
END_TEST

START_TEST(test_vrrpv3_stats)
{
	struct vrrp_inst_view v[2] = { view("A", "eth0", 51, 3, VRRP_STATE_MASTER),
				       view("B", "eth1", 52, 3, VRRP_STATE_BACKUP) };
	struct snmp_rows t = { 0 };
	const struct snmp_cell *c;

	v[0].master_transitions = 2;
	v[0].master_reason = VRRP_MASTER_PREEMPTED;
	v[0].rx_ok = 10;
	v[0].rx_bad = 3;
	v[0].stats = (struct vrrp_stats){ .adv_interval_errors = 1, .ttl_errors = 2,
					  .rx_prio_zero = 4, .tx_prio_zero = 5, .invalid_type = 6,
					  .addr_list_errors = 7, .length_errors = 8,
					  .proto_err = VRRP_PROTO_TTL };
	snmp_mib_vrrpv3_stats(v, 2, fake_ifindex, &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert(snmp_rows_complete(&t, SNMP_V3S_COL_FIRST, SNMP_V3S_COL_LAST));
	/* the operations table's index and order: eth1 (3) first */
	ck_assert_int_eq(t.v[0].index[0], 3);
	ck_assert_int_eq(t.v[1].index[0], 7);
	ck_assert_int_eq(t.v[1].index[1], 51);
	ck_assert_int_eq(t.v[1].index[2], 1);
	c = snmp_row_get(&t.v[1], 1);
	ck_assert_int_eq(c->type, SNMP_CELL_COUNTER32);
	ck_assert_int_eq(c->n, 2);
	ck_assert_int_eq(num(&t, 1, 2), 2);	/* preempted */
	ck_assert_int_eq(num(&t, 0, 2), 0);	/* never master: notMaster */
	ck_assert_int_eq(snmp_row_get(&t.v[1], 3)->type, SNMP_CELL_COUNTER64);
	ck_assert_int_eq(num(&t, 1, 3), 13);	/* every advert received */
	ck_assert_int_eq(num(&t, 1, 4), 1);
	ck_assert_int_eq(num(&t, 1, 5), 2);
	ck_assert_int_eq(num(&t, 1, 6), 1);	/* ipTtlError */
	ck_assert_int_eq(num(&t, 1, 7), 4);
	ck_assert_int_eq(num(&t, 1, 8), 5);
	ck_assert_int_eq(num(&t, 1, 9), 6);
	ck_assert_int_eq(num(&t, 1, 10), 7);
	ck_assert_int_eq(num(&t, 1, 11), 8);
	ck_assert_int_eq(num(&t, 0, 6), 0);	/* noError */
	ck_assert_int_eq(num(&t, 1, 13), 1000);
	snmp_rows_free(&t);
}
END_TEST

START_TEST(test_rows)
{
	struct snmp_rows t = { 0 };
	long idx[3] = { 1, 2, 3 };

	for (int i = 0; i < 40; i++)
		snmp_row_int(snmp_rows_add(&t, idx, 3), 2, i);
	ck_assert_uint_eq(t.n, 40);
	ck_assert(snmp_rows_complete(&t, 2, 2));
	ck_assert(!snmp_rows_complete(&t, 2, 3));
	ck_assert_ptr_null(snmp_rows_add(&t, idx, SNMP_INDEX_MAX + 1));
	ck_assert(t.oom);
	snmp_row_str(&t.v[0], 3, "x");
	snmp_row_int(&t.v[0], 3, 5);	/* a replaced string is freed (ASan) */
	ck_assert_int_eq(num(&t, 0, 3), 5);
	snmp_row_int(&t.v[0], SNMP_COLS_MAX, 1);	/* out of range: ignored */
	ck_assert_ptr_null(snmp_row_get(&t.v[0], SNMP_COLS_MAX));
	snmp_rows_clear(&t);
	ck_assert_uint_eq(t.n, 0);
	snmp_rows_free(&t);
}
END_TEST

/* --- notifications: the varbinds of each trap */

#define KA 1, 3, 6, 1, 4, 1, 9586, 100, 5
#define V3 1, 3, 6, 1, 2, 1, 207

static void assert_oid(const uint32_t *got, size_t len, const uint32_t *want, size_t wlen)
{
	ck_assert_uint_eq(len, wlen);
	for (size_t k = 0; k < len; k++)
		ck_assert_msg(got[k] == want[k], "OID part %zu: %u, want %u", k, got[k], want[k]);
}

#define ASSERT_TRAP(nt, ...) do { \
	const uint32_t w_[] = { __VA_ARGS__ }; \
	assert_oid((nt)->trap, (nt)->trap_len, w_, sizeof(w_) / sizeof(w_[0])); \
} while (0)
#define ASSERT_VB_OID(nt, i, ...) do { \
	const uint32_t w_[] = { __VA_ARGS__ }; \
	ck_assert_uint_lt(i, (nt)->n); \
	assert_oid((nt)->vb[i].oid, (nt)->vb[i].len, w_, sizeof(w_) / sizeof(w_[0])); \
} while (0)

static long vb_num(const struct snmp_notif *n, size_t i)
{
	ck_assert_uint_lt(i, n->n);
	ck_assert_int_ne(n->vb[i].v.type, SNMP_CELL_OCTETS);
	return (long)n->vb[i].v.n;
}

static void assert_vb_octets(const struct snmp_notif *n, size_t i, const void *want, size_t len)
{
	ck_assert_uint_lt(i, n->n);
	ck_assert_int_eq(n->vb[i].v.type, SNMP_CELL_OCTETS);
	ck_assert_uint_eq(n->vb[i].v.len, len);
	ck_assert(len == 0 || memcmp(n->vb[i].v.s, want, len) == 0);
}

START_TEST(test_notif_vrrp)
{
	struct config *cfg = unit_cfg_load(vrrp_conf);
	struct vrrp_state_change c = { .index = 1, .from = VRRP_STATE_BACKUP,
				       .v = view("VI_2", "eth1", 52, 2, VRRP_STATE_MASTER) };
	struct snmp_notif n = { 0 };

	snmp_notif_vrrp(cfg, &c, "r1", &n);
	ck_assert(!n.oom);
	ASSERT_TRAP(&n, KA, 2, 10, 0, 2);		/* vrrpInstanceStateChange */
	ck_assert_uint_eq(n.n, 4);
	ASSERT_VB_OID(&n, 0, KA, 2, 3, 1, 2, 2);	/* vrrpInstanceName.2 */
	assert_vb_octets(&n, 0, "VI_2", 4);
	ASSERT_VB_OID(&n, 1, KA, 2, 3, 1, 4, 2);	/* vrrpInstanceState.2 */
	ck_assert_int_eq(vb_num(&n, 1), 2);		/* master */
	ASSERT_VB_OID(&n, 2, KA, 2, 3, 1, 5, 2);	/* vrrpInstanceInitialState.2 */
	ck_assert_int_eq(vb_num(&n, 2), 1);		/* backup */
	ASSERT_VB_OID(&n, 3, KA, 1, 2, 0);		/* routerId.0 */
	assert_vb_octets(&n, 3, "r1", 2);
	snmp_notif_clear(&n);
	ck_assert_uint_eq(n.n, 0);
	/* the sync group: its place among the config's groups */
	c = (struct vrrp_state_change){ .group = true, .index = 0, .v.state = VRRP_STATE_FAULT };
	snprintf(c.v.name, sizeof(c.v.name), "G1");
	snmp_notif_vrrp(cfg, &c, "", &n);
	ASSERT_TRAP(&n, KA, 2, 10, 0, 1);		/* vrrpSyncGroupStateChange */
	ck_assert_uint_eq(n.n, 3);
	ASSERT_VB_OID(&n, 0, KA, 2, 1, 1, 2, 1);
	assert_vb_octets(&n, 0, "G1", 2);
	ASSERT_VB_OID(&n, 1, KA, 2, 1, 1, 3, 1);
	ck_assert_int_eq(vb_num(&n, 1), 3);		/* fault */
	ASSERT_VB_OID(&n, 2, KA, 1, 2, 0);
	snmp_notif_clear(&n);
	cfg_free(cfg);
}
END_TEST

START_TEST(test_notif_v3_new_master)
{
	struct vrrp_state_change c = { .from = VRRP_STATE_BACKUP,
				       .v = view("A", "eth0", 51, 3, VRRP_STATE_MASTER) };
	struct snmp_notif n = { 0 };
	const uint8_t own[4] = { 192, 0, 2, 1 };

	c.v.master_reason = VRRP_MASTER_NO_RESPONSE;
	ck_assert(snmp_notif_v3_new_master(&c, 7, &n));
	ck_assert(!n.oom);
	ASSERT_TRAP(&n, V3, 0, 1);			/* vrrpv3NewMaster */
	ck_assert_uint_eq(n.n, 2);
	ASSERT_VB_OID(&n, 0, V3, 1, 1, 1, 1, 3, 7, 51, 1);	/* vrrpv3OperationsMasterIpAddr */
	assert_vb_octets(&n, 0, own, 4);			/* the new master: itself */
	ASSERT_VB_OID(&n, 1, V3, 1, 2, 5, 1, 2, 7, 51, 1);	/* vrrpv3StatisticsNewMasterReason */
	ck_assert_int_eq(vb_num(&n, 1), 3);
	snmp_notif_clear(&n);
	/* only on becoming master, on an interface with an index */
	ck_assert(!snmp_notif_v3_new_master(&c, 0, &n));
	c.from = VRRP_STATE_MASTER;
	ck_assert(!snmp_notif_v3_new_master(&c, 7, &n));
	c.from = VRRP_STATE_MASTER;
	c.v.state = VRRP_STATE_BACKUP;
	ck_assert(!snmp_notif_v3_new_master(&c, 7, &n));
	c.group = true;
	c.v.state = VRRP_STATE_MASTER;
	c.from = VRRP_STATE_BACKUP;
	ck_assert(!snmp_notif_v3_new_master(&c, 7, &n));
	ck_assert_uint_eq(n.n, 0);
}
END_TEST

START_TEST(test_notif_servers)
{
	struct config *cfg = unit_cfg_load(servers_conf);
	const struct ipvs_health h = { .rs = rs_first_down, .quorum = quorum_none };
	struct snmp_notif n = { 0 };
	const uint8_t rs1[4] = { 10, 0, 1, 1 }, vip[4] = { 10, 0, 0, 100 };

	/* real server 10.0.1.1 of the first virtual server went down */
	snmp_notif_server(cfg, &h, 0, 0, "r1", &n);
	ck_assert(!n.oom);
	ASSERT_TRAP(&n, KA, 3, 5, 0, 1);		/* realServerStateChange */
	ck_assert_uint_eq(n.n, 12);
	ASSERT_VB_OID(&n, 0, KA, 3, 4, 1, 3, 1, 1);	/* realServerAddrType.1.1 */
	ck_assert_int_eq(vb_num(&n, 0), 1);
	ASSERT_VB_OID(&n, 1, KA, 3, 4, 1, 4, 1, 1);
	assert_vb_octets(&n, 1, rs1, 4);
	ASSERT_VB_OID(&n, 2, KA, 3, 4, 1, 5, 1, 1);
	ck_assert_int_eq(vb_num(&n, 2), 51820);
	ASSERT_VB_OID(&n, 3, KA, 3, 4, 1, 6, 1, 1);	/* realServerStatus: dead */
	ck_assert_int_eq(vb_num(&n, 3), 2);
	ASSERT_VB_OID(&n, 4, KA, 3, 3, 1, 2, 1);	/* virtualServerType: ip */
	ck_assert_int_eq(vb_num(&n, 4), 2);
	ASSERT_VB_OID(&n, 5, KA, 3, 3, 1, 8, 1);	/* virtualServerProtocol: udp */
	ck_assert_int_eq(vb_num(&n, 5), 2);
	ASSERT_VB_OID(&n, 6, KA, 3, 3, 1, 21, 1);	/* RealServersUp */
	ck_assert_int_eq(vb_num(&n, 6), 1);
	ASSERT_VB_OID(&n, 7, KA, 3, 3, 1, 20, 1);	/* RealServersTotal */
	ck_assert_int_eq(vb_num(&n, 7), 2);
	ASSERT_VB_OID(&n, 8, KA, 1, 2, 0);
	ASSERT_VB_OID(&n, 9, KA, 3, 3, 1, 5, 1);	/* extras for an ip one */
	ASSERT_VB_OID(&n, 10, KA, 3, 3, 1, 6, 1);
	assert_vb_octets(&n, 10, vip, 4);
	ASSERT_VB_OID(&n, 11, KA, 3, 3, 1, 7, 1);
	ck_assert_int_eq(vb_num(&n, 11), 51820);
	snmp_notif_clear(&n);
	/* behind a sorry server the real servers' index starts at 2 */
	snmp_notif_server(cfg, &h, 1, 0, "r1", &n);
	ASSERT_VB_OID(&n, 3, KA, 3, 4, 1, 6, 2, 2);
	ck_assert_int_eq(vb_num(&n, 3), 1);
	ASSERT_VB_OID(&n, 9, KA, 3, 3, 1, 4, 2);	/* the fwmark one's extra */
	ck_assert_int_eq(vb_num(&n, 9), 7);
	ck_assert_uint_eq(n.n, 10);
	snmp_notif_clear(&n);
	/* the first virtual server lost its quorum */
	snmp_notif_server(cfg, &h, 0, SNMP_NOTIF_QUORUM, "r1", &n);
	ck_assert(!n.oom);
	ASSERT_TRAP(&n, KA, 3, 5, 0, 2);		/* virtualServerQuorumStateChange */
	ck_assert_uint_eq(n.n, 10);
	ASSERT_VB_OID(&n, 0, KA, 3, 3, 1, 2, 1);
	ASSERT_VB_OID(&n, 1, KA, 3, 3, 1, 8, 1);
	ASSERT_VB_OID(&n, 2, KA, 3, 3, 1, 23, 1);	/* QuorumStatus: down */
	ck_assert_int_eq(vb_num(&n, 2), 2);
	ASSERT_VB_OID(&n, 3, KA, 3, 3, 1, 22, 1);	/* Quorum */
	ck_assert_int_eq(vb_num(&n, 3), 2);
	ASSERT_VB_OID(&n, 4, KA, 3, 3, 1, 21, 1);
	ASSERT_VB_OID(&n, 5, KA, 3, 3, 1, 20, 1);
	ASSERT_VB_OID(&n, 6, KA, 1, 2, 0);
	ASSERT_VB_OID(&n, 7, KA, 3, 3, 1, 5, 1);
	snmp_notif_clear(&n);
	/* an index the config does not have: nothing half built goes out */
	snmp_notif_server(cfg, &h, 0, 5, "r1", &n);
	ck_assert(n.oom);
	snmp_notif_clear(&n);
	cfg_free(cfg);
}
END_TEST

Suite *snmp_mib_suite(void)
{
	Suite *s = suite_create("snmp_mib");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_servers);
	tcase_add_test(tc, test_servers_start_state);
	tcase_add_test(tc, test_enums);
	tcase_add_test(tc, test_wanted);
	tcase_add_test(tc, test_vrrp_instances);
	tcase_add_test(tc, test_vrrpv3);
	tcase_add_test(tc, test_rows);
	tcase_add_test(tc, test_vrrpv3_stats);
	tcase_add_test(tc, test_sync_groups);
	tcase_add_test(tc, test_vrrp_addrs);
	tcase_add_test(tc, test_vrrpv3_addrs);
	tcase_add_test(tc, test_vrrpv3_router);
	tcase_add_test(tc, test_tracked);
	tcase_add_test(tc, test_procs);
	tcase_add_test(tc, test_vrrp2);
	tcase_add_test(tc, test_notif_vrrp);
	tcase_add_test(tc, test_notif_v3_new_master);
	tcase_add_test(tc, test_notif_servers);
	suite_add_tcase(s, tc);
	return s;
}
