// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cfg.h"
#include "cfg_proc.h"
#include "chk.h"
#include "suites.h"

static struct cfg_diag *diag;

static struct config *load(const char *text)
{
	cfg_diag_free(diag);
	diag = cfg_diag_new();
	ck_assert_ptr_nonnull(diag);
	return cfg_load_string("t.conf", text, NULL, diag);
}

static bool has_message(const char *msg)
{
	for (size_t i = 0; i < cfg_diag_count(diag); i++)
		if (strcmp(cfg_diag_message(diag, i), msg) == 0)
			return true;
	return false;
}

/* Loads text expecting exactly one error, the given line. */
static void expect_error(const char *text, const char *msg)
{
	struct config *c = load(text);
	ck_assert_msg(c == NULL, "accepted: %s", text);
	ck_assert_msg(has_message(msg), "missing '%s'; first: %s", msg,
		      cfg_diag_count(diag) ? cfg_diag_message(diag, 0) : "(none)");
}

static void teardown(void)
{
	cfg_diag_free(diag);
	diag = NULL;
}

START_TEST(empty_is_valid)
{
	struct config *c = load("# only a comment\n! another\n\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(cfg_diag_count(diag), 0);
	ck_assert_str_eq(c->path, "t.conf");
	ck_assert_int_eq(c->global.vrrp_version, 2);
	cfg_free(c);
}
END_TEST

START_TEST(global_defs)
{
	struct config *c = load("global_defs {\n router_id r1\n lvs_timeouts tcp 900 udp 180\n"
				" lvs_sync_daemon eth0 VI_1 id 51 maxlen 1400 port 8848 ttl 2 group 224.0.0.81\n"
				" lvs_flush\n lvs_flush_onstop VS\n vrrp_version 3\n script_user nobody nogroup\n"
				" vrrp_startup_delay 5.5\n}\n"
				"vrrp_instance VI_1 { interface eth0\n virtual_router_id 1 }\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "r1");
	ck_assert_uint_eq(c->global.lvs_timeout_tcp, 900);
	ck_assert_uint_eq(c->global.lvs_timeout_udp, 180);
	ck_assert_uint_eq(c->global.lvs_timeout_tcpfin, 0);
	ck_assert(c->global.lvs_sync.set);
	ck_assert_str_eq(c->global.lvs_sync.ifname, "eth0");
	ck_assert_str_eq(c->global.lvs_sync.instance, "VI_1");
	ck_assert_uint_eq(c->global.lvs_sync.syncid, 51);
	ck_assert_uint_eq(c->global.lvs_sync.maxlen, 1400);
	ck_assert_uint_eq(c->global.lvs_sync.mcast_port, 8848);
	ck_assert(c->global.lvs_flush);
	ck_assert_int_eq(c->global.lvs_flush_onstop, CFG_FLUSH_ONSTOP_VS);
	ck_assert_str_eq(c->global.script_group, "nogroup");
	ck_assert_int_eq(c->vrrp[0].version, 3);	/* from global vrrp_version */
	ck_assert_uint_eq(c->global.vrrp_startup_delay_us, 5500000);
	cfg_free(c);
	expect_error("global_defs {\n vrrp_startup_delay 3601\n}\n",
		     "t.conf:2:21: error: vrrp_startup_delay: at most 3600 seconds");
	expect_error("global_defs {\n vrrp_startup_delay soon\n}\n",
		     "t.conf:2:21: error: 'soon': vrrp_startup_delay expects seconds, e.g. 1 or 0.5");
}
END_TEST

START_TEST(life_scripts)
{
	struct config *c = load("global_defs {\n startup_script /bin/true\n"
				" startup_script \"/etc/keel/up.sh fwmarks\" nobody nogroup\n"
				" shutdown_script /etc/keel/down.sh\n shutdown_script_timeout 1000\n}\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.startup_script.cmd, "/etc/keel/up.sh fwmarks");
	ck_assert_str_eq(c->global.startup_script.user, "nobody");
	ck_assert_str_eq(c->global.startup_script.group, "nogroup");
	ck_assert_str_eq(c->global.shutdown_script.cmd, "/etc/keel/down.sh");
	ck_assert_ptr_null(c->global.shutdown_script.user);
	ck_assert_uint_eq(c->global.startup_script_timeout_s, 10);	/* keepalived's default */
	ck_assert_uint_eq(c->global.shutdown_script_timeout_s, 1000);
	cfg_free(c);
	/* a later line replaces the script whole, its user too */
	c = load("global_defs {\n shutdown_script /a.sh root root\n shutdown_script /b.sh\n}\n");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.shutdown_script.cmd, "/b.sh");
	ck_assert_ptr_null(c->global.shutdown_script.user);
	ck_assert_ptr_null(c->global.startup_script.cmd);
	cfg_free(c);
	expect_error("global_defs {\n startup_script_timeout 0\n}\n",
		     "t.conf:2:25: error: '0': startup_script_timeout must be in 1..1000");
	expect_error("global_defs {\n shutdown_script_timeout 1001\n}\n",
		     "t.conf:2:26: error: '1001': shutdown_script_timeout must be in 1..1000");
}
END_TEST

/* url regex: compiled at load, a bad one is an error where it stands */
START_TEST(url_regex)
{
	static const char head[] = "virtual_server 192.0.2.1 80 {\n protocol TCP\n"
				   " real_server 192.0.2.2 80 {\n HTTP_GET {\n url {\n path /\n";
	char text[512];
	struct config *c;
	const struct cfg_url_regex *re;

#define URL(lines) (snprintf(text, sizeof(text), "%s%s\n }\n }\n }\n}\n", head, lines), text)
	c = load(URL(" regex \"^OK (\\d+)\"\n regex_no_match\n regex_options caseless dotall\n"
		     " regex_min_offset 2\n regex_max_offset 100\n regex_stack 32768 1048576"));
	ck_assert_ptr_nonnull(c);
	re = &c->vs[0].rs[0].checks[0].http->urls[0].regex;
	ck_assert_str_eq(re->pattern, "^OK (\\d+)");
	ck_assert_ptr_nonnull(re->compiled);
	ck_assert(re->no_match && re->max_offset_set);
	ck_assert_uint_ne(re->options, 0);
	ck_assert_uint_eq(re->min_offset, 2);
	ck_assert_uint_eq(re->max_offset, 100);
	ck_assert_uint_eq(re->stack_start, 32768);
	ck_assert_uint_eq(re->stack_max, 1048576);
	cfg_free(c);
	expect_error(URL(" regex \"(unclosed\""),
		     "t.conf:7:8: error: regex: missing closing parenthesis at offset 9");
	expect_error(URL(" regex x\n regex_options caseless shouting"),
		     "t.conf:8:25: error: 'shouting': not a regex option (see keepalived.conf(5))");
	expect_error(URL(" regex x\n regex_min_offset 9\n regex_max_offset 8"),
		     "t.conf:7:8: error: regex_min_offset is past regex_max_offset: nothing can match");
	expect_error(URL(" regex x\n regex_stack 65536 1024"),
		     "t.conf:8:20: error: '1024': regex_stack must be in 65536..1073741824");
#undef URL
}
END_TEST

START_TEST(virtual_server_and_real_servers)
{
	struct config *c = load(
		"virtual_server 192.0.2.10 51820 {\n protocol UDP\n lb_algo sh\n sh-port\n"
		" lb_kind DR\n persistence_timeout\n delay_loop 2.5\n retry 4\n"
		" real_server 192.0.2.21 51820 { weight 3\n uthreshold 100\n lthreshold 10\n"
		"  TCP_CHECK { connect_timeout 0.5 } }\n"
		" real_server 192.0.2.22 51820 { inhibit_on_failure\n drain\n lvs_method NAT }\n"
		" sorry_server 192.0.2.99 51820\n}\n");
	struct cfg_vs *vs;

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->nvs, 1);
	vs = &c->vs[0];
	ck_assert_int_eq(vs->protocol, IPPROTO_UDP);
	ck_assert_str_eq(vs->sched, "sh");
	ck_assert_uint_eq(vs->sched_flags, CFG_SCHED_FLAG_2);
	ck_assert(vs->persistent);
	ck_assert_uint_eq(vs->persistence_timeout, 360);
	ck_assert_uint_eq(vs->nrs, 2);
	ck_assert_int_eq(vs->rs[0].weight, 3);
	ck_assert_int_eq(vs->rs[0].fwd.kind, CFG_FWD_DR);
	ck_assert_uint_eq(vs->rs[0].uthreshold, 100);
	ck_assert_uint_eq(vs->rs[0].nchecks, 1);
	/* the checker's own value, the virtual server's, then keepalived's defaults */
	ck_assert_uint_eq(vs->rs[0].checks[0].timing.connect_timeout, 500000);
	ck_assert_uint_eq(vs->rs[0].checks[0].timing.delay_loop, 2500000);
	ck_assert_uint_eq(vs->rs[0].checks[0].timing.retry, 4);
	ck_assert_uint_eq(vs->rs[0].checks[0].timing.delay_before_retry, 1000000);
	ck_assert(vs->rs[1].inhibit_on_failure && vs->rs[1].drain);
	ck_assert_int_eq(vs->rs[1].fwd.kind, CFG_FWD_NAT);
	ck_assert_int_eq(vs->rs[1].weight, 1);
	ck_assert_ptr_nonnull(vs->sorry);
	cfg_free(c);
}
END_TEST

START_TEST(defaults_of_a_bare_virtual_server)
{
	struct config *c = load("virtual_server 10.0.0.1 80 {\n real_server 10.0.1.1 {\n HTTP_GET { url { path / } } } }\n");
	struct cfg_check *k;

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->vs[0].sched, "wlc");
	/* keepalived 2.2.7 makes a service without 'protocol' UDP; keel too, with a warning */
	ck_assert_int_eq(c->vs[0].protocol, IPPROTO_UDP);
	ck_assert(has_message("t.conf:1:1: warning: virtual_server without 'protocol': UDP, as keepalived does; "
			      "say 'protocol TCP' or 'protocol UDP'"));
	ck_assert_int_eq(c->vs[0].fwd.kind, CFG_FWD_NAT);
	ck_assert_uint_eq(c->vs[0].rs[0].port, 80);	/* inherits the service port */
	k = &c->vs[0].rs[0].checks[0];
	ck_assert_uint_eq(k->timing.connect_timeout, 5000000);
	ck_assert_uint_eq(k->timing.delay_loop, 60000000);
	ck_assert_uint_eq(k->timing.delay_before_retry, 3000000);
	ck_assert_uint_eq(k->timing.retry, 1);
	ck_assert(k->http->urls[0].status_mask[200 / 64] & (1ull << (200 % 64)));
	ck_assert(!(k->http->urls[0].status_mask[404 / 64] & (1ull << (404 % 64))));
	cfg_free(c);
}
END_TEST

START_TEST(tunnel_and_fwmark_and_groups)
{
	struct config *c = load(
		"virtual_server_group G { 10.0.0.1-3 80\n 10.1.0.0/30 443\n fwmark 7 }\n"
		"virtual_server group G { lvs_method TUN type gue port 6080 csum\n"
		" real_server 2001:db8::1 80 { } }\n"
		"virtual_server fwmark 5 { persistence_timeout 60\n persistence_granularity 255.255.255.0\n"
		" real_server 10.2.0.1 { } }\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->vsg[0].n, 3);
	ck_assert_uint_eq(c->vsg[0].entries[0].last.b[3], 3);
	ck_assert_uint_eq(c->vsg[0].entries[1].last.b[3], 3);
	ck_assert_uint_eq(c->vsg[0].entries[2].fwmark, 7);
	ck_assert_int_eq(c->vs[0].fwd.kind, CFG_FWD_TUN);
	ck_assert_int_eq(c->vs[0].fwd.tun_type, CFG_TUN_GUE);
	ck_assert_uint_eq(c->vs[0].fwd.tun_port, 6080);
	ck_assert_int_eq(c->vs[0].fwd.tun_csum, CFG_TUN_CSUM);
	ck_assert_uint_eq(c->vs[1].fwmark, 5);
	ck_assert_uint_eq(c->vs[1].af, AF_INET);
	cfg_free(c);
}
END_TEST

START_TEST(wg_check_keys)
{
	struct config *c = load(
		"virtual_server 192.0.2.10 51820 { protocol UDP\n real_server 192.0.2.21 51820 {\n"
		" WG_CHECK { public_key yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n"
		" probe_private_key UOz7Kv+2CjtPxbVsSvjZ8/+GwJ5k1ULLEMBq1/p4AXo=\n"
		" tunnel_ping 10.99.0.1\n connect_timeout 2 } } }\n");
	struct cfg_check *k;

	ck_assert_ptr_nonnull(c);
	k = &c->vs[0].rs[0].checks[0];
	ck_assert_int_eq(k->kind, CFG_CHECK_WG);
	ck_assert(k->wg->wg_has_public && k->wg->wg_has_probe && !k->wg->wg_has_psk);
	ck_assert_uint_eq(k->wg->wg_public_key[0], 0xc8);	/* 'yAnz' = c8 09 f3 */
	ck_assert_uint_eq(k->wg->wg_public_key[1], 0x09);
	ck_assert_uint_eq(k->wg->tunnel_ping.af, AF_INET);
	cfg_free(c);
}
END_TEST

START_TEST(file_check_links_its_track_file)
{
	struct config *c = load(
		"track_file a { file /run/a }\ntrack_file b { file /run/b\n weight 3 reverse }\n"
		"virtual_server 192.0.2.10 80 { protocol TCP\n delay_loop 4\n retry 5\n"
		" real_server 192.0.2.21 80 {\n FILE_CHECK { track_file b\n dynamic\n weight -2 }\n"
		" FILE_CHECK { track_file a } } }\n");
	const struct cfg_check *k;

	ck_assert_ptr_nonnull(c);
	k = &c->vs[0].rs[0].checks[0];
	ck_assert_ptr_eq(k->track->track_file, &c->track_files[1]);
	ck_assert_str_eq(k->track->track_file->file, "/run/b");
	ck_assert(k->track->dynamic && k->track->file_weight == -2 && !k->track->file_reverse);
	/* the file holds the state: no retry, rise or warmup; delay_loop inherited */
	ck_assert_uint_eq(k->timing.retry, 0);
	ck_assert_uint_eq(k->timing.rise, 1);
	ck_assert_uint_eq(k->timing.warmup, 0);
	ck_assert_uint_eq(k->timing.delay_loop, 4000000);
	k = &c->vs[0].rs[0].checks[1];
	ck_assert_ptr_eq(k->track->track_file, &c->track_files[0]);
	ck_assert(!k->track->dynamic && k->track->file_weight == 0);
	cfg_free(c);
	expect_error("virtual_server 192.0.2.10 80 { protocol TCP\n real_server 192.0.2.21 80 {\n"
		     " FILE_CHECK { track_file nope } } }\n",
		     "t.conf:2:14: error: FILE_CHECK: track_file 'nope' is not defined");
	expect_error("track_file a { file /run/a }\nvirtual_server 192.0.2.10 80 { protocol TCP\n"
		     " real_server 192.0.2.21 80 {\n FILE_CHECK { track_file a\n weight 2 sideways } } }\n",
		     "t.conf:5:11: error: 'sideways': want reverse or noreverse");
}
END_TEST

START_TEST(vrrp_instance)
{
	struct config *c = load(
		"vrrp_script chk { script \"/bin/true\"\n interval 2\n weight -20\n fall 2 }\n"
		"vrrp_instance VI_1 {\n state MASTER\n interface eth0\n virtual_router_id 51\n"
		" priority 150\n version 3\n advert_int 0.1\n nopreempt\n unicast_src_ip 192.0.2.2\n"
		" unicast_peer { 192.0.2.3 }\n virtual_ipaddress { 192.0.2.10/24 dev eth0 label eth0:vip }\n"
		" track_script { chk weight 10 }\n track_interface { eth1 }\n}\n"
		"vrrp_sync_group G { group { VI_1 } }\n");
	struct cfg_vrrp *v;

	ck_assert_ptr_nonnull(c);
	v = &c->vrrp[0];
	ck_assert_str_eq(v->name, "VI_1");
	ck_assert_int_eq(v->state, CFG_VRRP_MASTER);
	ck_assert_uint_eq(v->vrid, 51);
	ck_assert_uint_eq(v->priority, 150);
	ck_assert_uint_eq(v->advert_int, 100000);
	ck_assert(v->nopreempt);
	ck_assert_uint_eq(v->npeers, 1);
	ck_assert_uint_eq(v->nvips, 1);
	ck_assert_uint_eq(v->vips[0].plen, 24);
	ck_assert_str_eq(v->vips[0].label, "eth0:vip");
	ck_assert_int_eq(v->track.scripts[0].weight, 10);
	ck_assert_int_eq(c->scripts[0].weight, -20);
	ck_assert_uint_eq(c->groups[0].nmembers, 1);
	cfg_free(c);
}
END_TEST

START_TEST(track_file_and_init_fail)
{
	struct config *c = load(
		"vrrp_script chk { script /bin/true\n init_fail\n weight 5 reverse }\n"
		"track_file tf { file /run/tf\n weight -3 reverse\n init_file 7 overwrite }\n"
		"track_file t2 { file /run/t2\n init_file }\n");

	ck_assert_ptr_nonnull(c);
	ck_assert(c->scripts[0].init_fail && c->scripts[0].weight_reverse);
	ck_assert_int_eq(c->track_files[0].weight, -3);
	ck_assert(c->track_files[0].weight_reverse);
	ck_assert(c->track_files[0].init_file && c->track_files[0].init_overwrite);
	ck_assert_int_eq(c->track_files[0].init_value, 7);
	ck_assert(c->track_files[1].init_file && !c->track_files[1].init_overwrite);
	ck_assert_int_eq(c->track_files[1].init_value, 0);
	ck_assert_int_eq(c->track_files[1].weight, 1);
	cfg_free(c);
	c = load("vrrp_script s { script /bin/true\n weight -5 }\n"
		 "vrrp_instance V { interface e\n virtual_router_id 1\n track_script { s }\n"
		 " virtual_ipaddress { 192.0.2.1 } }\n"
		 "vrrp_instance W { interface e\n virtual_router_id 2\n track_script { s weight 0 }\n"
		 " virtual_ipaddress { 192.0.2.2 } }\n"
		 "vrrp_sync_group G { group { V W } }\n");
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(cfg_diag_count(diag), 1);
	ck_assert(has_message("t.conf:11:29: warning: vrrp_sync_group G: V's track_script/file/process/bfd "
			      "weights count as 0 in a sync group (a failure is a FAULT)"));
	cfg_free(c);
	expect_error("track_file tf { file /x\n init_file 1 now }\n",
		     "t.conf:2:14: error: 'now': expected 'init_file [VALUE] [overwrite]'");
}
END_TEST

/* A sync group's track_* lines: parsed as an instance's, their names
 * checked, their weights warned about unless sync_group_tracking_weight. */
START_TEST(sync_group_tracking)
{
	const char *objs = "vrrp_script s { script /bin/true\n weight 5 }\n"
			   "vrrp_track_file f { file /run/f }\n"
			   "vrrp_track_process p { process sshd }\n"
			   "vrrp_instance V { interface e\n virtual_router_id 1 }\n";
	char conf[1024];
	struct config *c;
	const struct cfg_sync_group *g;

	snprintf(conf, sizeof(conf), "%s%s", objs,
		 "vrrp_sync_group G { group { V }\n track_interface { eth1 weight -5 reverse\n eth2 }\n"
		 " track_script { s weight 0 }\n track_file { f weight 0 }\n track_process { p weight 0 }\n}\n");
	c = load(conf);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(cfg_diag_count(diag), 0);
	g = &c->groups[0];
	ck_assert(!g->tracking_weight);
	ck_assert_uint_eq(g->track.nifs, 2);
	ck_assert_str_eq(g->track.ifs[0].name, "eth1");
	ck_assert_int_eq(g->track.ifs[0].weight, -5);
	ck_assert(g->track.ifs[0].reverse);
	ck_assert_uint_eq(g->track.nscripts, 1);
	ck_assert_uint_eq(g->track.nfiles, 1);
	ck_assert_uint_eq(g->track.nprocs, 1);
	ck_assert_str_eq(g->track.procs[0].name, "p");
	cfg_free(c);

	/* the group's lines weigh as written, with or without
	 * sync_group_tracking_weight: no warning */
	snprintf(conf, sizeof(conf), "%s%s", objs, "vrrp_sync_group G { group { V }\n track_script { s } }\n");
	c = load(conf);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(cfg_diag_count(diag), 0);
	cfg_free(c);
	snprintf(conf, sizeof(conf), "%s%s", objs,
		 "vrrp_sync_group G { group { V }\n track_script { s }\n sync_group_tracking_weight }\n");
	c = load(conf);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(cfg_diag_count(diag), 0);
	ck_assert(c->groups[0].tracking_weight);
	cfg_free(c);
	/* a member's line for an object its group tracks is ignored */
	c = load("vrrp_script s { script /bin/true }\n"
		 "vrrp_instance V { interface e\n virtual_router_id 1\n track_script { s weight 0 } }\n"
		 "vrrp_sync_group G { group { V }\n track_script { s } }\n");
	ck_assert_ptr_nonnull(c);
	ck_assert(has_message("t.conf:4:17: warning: vrrp_instance V: track_script s is also tracked by its "
			      "sync group G, whose line counts; this one is ignored"));
	cfg_free(c);

	snprintf(conf, sizeof(conf), "%s%s", objs,
		 "vrrp_sync_group G { group { V }\n track_file { nope } }\n");
	expect_error(conf, "t.conf:8:15: error: vrrp_sync_group G: track_file 'nope' is not defined");
	snprintf(conf, sizeof(conf), "%s%s", objs,
		 "vrrp_sync_group G { group { V }\n track_process { p weight 300 } }\n");
	expect_error(conf, "t.conf:8:27: error: '300': weight must be in -254..254");
}
END_TEST

/* unicast_peer's min_ttl/max_ttl, unicast_ttl, unicast_fault_no_peer */
START_TEST(unicast_options)
{
	struct config *c = load("vrrp_instance V { interface e\n virtual_router_id 1\n unicast_ttl 9\n"
				" unicast_fault_no_peer\n check_unicast_src\n"
				" unicast_peer {\n 10.0.0.2 min_ttl 250\n 10.0.0.3\n"
				" 10.0.0.4 max_ttl 64 min_ttl 2\n } }\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(cfg_diag_count(diag), 0);
	ck_assert_uint_eq(c->vrrp[0].npeers, 3);
	ck_assert_uint_eq(c->vrrp[0].unicast_ttl, 9);
	ck_assert(c->vrrp[0].unicast_fault_no_peer);
	ck_assert_uint_eq(c->vrrp[0].peer_ttl[0].min, 250);
	ck_assert_uint_eq(c->vrrp[0].peer_ttl[0].max, 255);
	ck_assert_uint_eq(c->vrrp[0].peer_ttl[1].min, 0);
	ck_assert_uint_eq(c->vrrp[0].peer_ttl[1].max, 255);
	ck_assert_uint_eq(c->vrrp[0].peer_ttl[2].min, 2);
	ck_assert_uint_eq(c->vrrp[0].peer_ttl[2].max, 64);
	cfg_free(c);
	c = load("vrrp_instance V { interface e\n virtual_router_id 1 }\n");
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->vrrp[0].unicast_ttl, 255);
	cfg_free(c);
	expect_error("vrrp_instance V { interface e\n virtual_router_id 1\n"
		     " unicast_peer { 10.0.0.2 min_ttl 200 max_ttl 100 } }\n",
		     "t.conf:3:17: error: '10.0.0.2': min_ttl 200 is above max_ttl 100");
	expect_error("vrrp_instance V { interface e\n virtual_router_id 1\n"
		     " unicast_peer { 10.0.0.2 ttl 5 } }\n",
		     "t.conf:3:26: error: 'ttl': expected 'min_ttl N' or 'max_ttl N' after the address");
	expect_error("vrrp_instance V { interface e\n virtual_router_id 1\n"
		     " unicast_peer { 10.0.0.2 max_ttl 256 } }\n",
		     "t.conf:3:34: error: '256': max_ttl must be in 0..255");
	expect_error("vrrp_instance V { interface e\n virtual_router_id 1\n unicast_ttl 0 }\n",
		     "t.conf:3:14: error: '0': unicast_ttl must be in 1..255");
}
END_TEST

static const char *ip_text(const struct cfg_ip *ip, char *buf)
{
	cfg_ip_format(ip, buf, INET6_ADDRSTRLEN);
	return buf;
}

/* mcast_dst_ip over vrrp_mcast_group4/6 over 224.0.0.18 / ff02::12; the
 * same VRID on one link in two groups */
START_TEST(multicast_groups)
{
	struct config *c = load("global_defs { vrrp_mcast_group4 224.0.0.19\n vrrp_mcast_group6 ff02::13 }\n"
				"vrrp_instance A { interface e\n virtual_router_id 1 }\n"
				"vrrp_instance B { interface e\n virtual_router_id 1\n mcast_dst_ip 239.1.2.3 }\n"
				"vrrp_instance C { interface e\n virtual_router_id 1\n"
				" virtual_ipaddress { fd00::1/64 } }\n");
	char buf[INET6_ADDRSTRLEN];

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(cfg_diag_count(diag), 0);
	ck_assert_str_eq(ip_text(&c->vrrp[0].mcast_dst_ip, buf), "224.0.0.19");
	ck_assert_str_eq(ip_text(&c->vrrp[1].mcast_dst_ip, buf), "239.1.2.3");
	ck_assert_str_eq(ip_text(&c->vrrp[2].mcast_dst_ip, buf), "ff02::13");
	cfg_free(c);
	c = load("vrrp_instance A { interface e\n virtual_router_id 1\n"
		 " virtual_ipaddress { fd00::1/64 } }\n"
		 "vrrp_instance B { interface e\n virtual_router_id 2 }\n");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(ip_text(&c->vrrp[0].mcast_dst_ip, buf), "ff02::12");
	ck_assert_str_eq(ip_text(&c->vrrp[1].mcast_dst_ip, buf), "224.0.0.18");
	cfg_free(c);
	c = load("vrrp_instance A { interface e\n virtual_router_id 1\n mcast_dst_ip ff05::12\n"
		 " virtual_ipaddress { fd00::1/64 } }\n");
	ck_assert_ptr_nonnull(c);
	ck_assert(has_message("t.conf:3:15: warning: 'ff05::12': not a link-local group (ffX2::); "
			      "adverts go there all the same"));
	cfg_free(c);
	expect_error("vrrp_instance A { interface e\n virtual_router_id 1\n mcast_dst_ip 10.0.0.1 }\n",
		     "t.conf:3:15: error: '10.0.0.1': mcast_dst_ip expects a multicast address");
	expect_error("vrrp_instance A { interface e\n virtual_router_id 1\n mcast_dst_ip ff02::12 }\n",
		     "t.conf:3:15: error: vrrp_instance A: mcast_dst_ip is IPv6, the instance IPv4");
	expect_error("global_defs { vrrp_mcast_group4 ff02::12 }\n",
		     "t.conf:1:33: error: 'ff02::12': vrrp_mcast_group4 expects an IPv4 multicast address");
	expect_error("global_defs { vrrp_mcast_group6 fd00::1 }\n",
		     "t.conf:1:33: error: 'fd00::1': vrrp_mcast_group6 expects an IPv6 multicast address");
	expect_error("vrrp_instance A { interface e\n virtual_router_id 1 }\n"
		     "vrrp_instance B { interface e\n virtual_router_id 1\n mcast_dst_ip 224.0.0.18 }\n",
		     "t.conf:4:20: error: vrrp_instance B: VRID 1 on e is already used by A");
}
END_TEST

/* flags of an instance's addresses */
START_TEST(address_flags)
{
	struct config *c = load("vrrp_instance V { interface e\n virtual_router_id 1\n track_src_ip\n"
				" promote_secondaries }\n"
				"vrrp_instance W { interface e\n virtual_router_id 2 }\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(cfg_diag_count(diag), 0);
	ck_assert(c->vrrp[0].track_src_ip);
	ck_assert(!c->vrrp[1].track_src_ip);
	ck_assert(c->vrrp[0].promote_secondaries);
	ck_assert(!c->vrrp[1].promote_secondaries);
	cfg_free(c);
	expect_error("vrrp_instance V { interface e\n virtual_router_id 1\n track_src_ip yes }\n",
		     "t.conf:3:15: error: 'track_src_ip' takes 0 arguments, not 1");
}
END_TEST

/* notify_priority_changes: instance, group, global; notify_master_rx_lower_pri */
START_TEST(priority_notifications)
{
	struct config *c = load("global_defs { vrrp_notify_priority_changes }\n"
				"vrrp_instance V { interface e\n virtual_router_id 1\n"
				" notify_priority_changes false\n"
				" notify_master_rx_lower_pri \"/bin/echo lower\" }\n"
				"vrrp_instance W { interface e\n virtual_router_id 2 }\n"
				"vrrp_sync_group G { group { W }\n notify_priority_changes }\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(cfg_diag_count(diag), 0);
	ck_assert(c->global.vrrp_notify_priority_changes);
	ck_assert_int_eq(c->vrrp[0].notify_priority_changes, 0);
	ck_assert_int_eq(c->vrrp[1].notify_priority_changes, -1);
	ck_assert_int_eq(c->groups[0].notify_priority_changes, 1);
	ck_assert_str_eq(c->vrrp[0].notify_master_rx_lower_pri.cmd, "/bin/echo lower");
	cfg_free(c);
	expect_error("vrrp_instance V { interface e\n virtual_router_id 1\n notify_priority_changes maybe }\n",
		     "t.conf:3:26: error: 'maybe': notify_priority_changes expects a boolean (yes/no, on/off, true/false)");
}
END_TEST

/* vrrp_garp_interval, vrrp_gna_interval and garp_group */
START_TEST(garp_pacing)
{
	struct config *c = load("global_defs { vrrp_garp_interval 0.2\n vrrp_gna_interval 0.001 }\n"
				"garp_group { garp_interval 0.5\n interface eth1 }\n"
				"garp_group { gna_interval 1\n interfaces { eth2 eth3 } }\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(cfg_diag_count(diag), 0);
	ck_assert_uint_eq(c->global.vrrp_garp_interval_us, 200000);
	ck_assert_uint_eq(c->global.vrrp_gna_interval_us, 1000);
	ck_assert_uint_eq(c->ngarp_groups, 2);
	ck_assert_uint_eq(c->garp_groups[0].garp_interval_us, 500000);
	ck_assert_ptr_eq(cfg_garp_group_of(c, "eth3"), &c->garp_groups[1]);
	ck_assert_uint_eq(c->garp_groups[1].gna_interval_us, 1000000);
	ck_assert_ptr_null(cfg_garp_group_of(c, "eth0"));
	cfg_free(c);
	expect_error("garp_group { garp_interval 0.5 }\n",
		     "t.conf:1:1: error: garp_group needs 'interface' or 'interfaces'");
	expect_error("garp_group { interface eth1 }\ngarp_group { interfaces { eth2 eth1 } }\n",
		     "t.conf:2:1: error: garp_group: interface eth1 is already in the garp_group of line 1");
	expect_error("global_defs { vrrp_garp_interval 61 }\n",
		     "t.conf:1:34: error: '61': vrrp_garp_interval must be at most 60 seconds");
}
END_TEST

START_TEST(unknown_and_unimplemented_warn)
{
	struct config *c = load("global_defs {\n  lvs_netlink_cmd_rcv_bufs 1024\n  bogus 1\n}\n  toplevel_bogus 1 2\n");

	ck_assert_ptr_nonnull(c);
	ck_assert(has_message("t.conf:2:3: warning: 'lvs_netlink_cmd_rcv_bufs' is not implemented by keel yet (process tuning); ignored"));
	ck_assert(has_message("t.conf:3:3: warning: unknown keyword 'bogus' in global_defs; ignored"));
	ck_assert(has_message("t.conf:5:3: warning: unknown keyword 'toplevel_bogus' in the top level; ignored"));
	ck_assert_uint_eq(cfg_diag_errors(diag), 0);
	cfg_free(c);
}
END_TEST

START_TEST(http_protocol_values)
{
	struct config *c = load("virtual_server 192.0.2.1 80 {\n protocol TCP\n"
				" real_server 10.0.0.2 80 {\n  HTTP_GET {\n   http_protocol 2.0\n"
				"   url {\n path /\n }\n  }\n  SSL_GET {\n   http_protocol 1.0c\n"
				"   url {\n path /\n }\n  }\n }\n}\n");

	ck_assert_ptr_nonnull(c);
	ck_assert(has_message("t.conf:5:18: warning: http_protocol '2.0' is not 1.0, 1.0C or 1.1; ignored"));
	ck_assert_ptr_null(c->vs[0].rs[0].checks[0].http->http_protocol);
	ck_assert_str_eq(c->vs[0].rs[0].checks[1].http->http_protocol, "1.0c");
	cfg_free(c);
}
END_TEST

START_TEST(errors_name_their_place)
{
	expect_error("global_defs {\n}\n  }\n", "t.conf:3:3: error: '}' without a matching '{'");
	expect_error("vrrp_instance V { interface e\n virtual_router_id 256 }\n",
		     "t.conf:2:20: error: '256': virtual_router_id must be in 1..255");
	expect_error("vrrp_instance V { interface e\n virtual_router_id 1\n advert_int 0.5 }\n",
		     "t.conf:3:13: error: vrrp_instance V: VRRPv2 advert_int must be whole seconds");
	expect_error("virtual_server 10.0.0.1 80 {\n lb_algo xyz\n}\n",
		     "t.conf:2:10: error: 'xyz': unknown scheduler (rr wrr lc wlc lblc lblcr dh sh sed nq mh fo ovf twos)");
	expect_error("virtual_server 10.0.0.1 80 {\n real_server 10.0.1.1 80 { }\n real_server 10.0.1.1 80 { }\n}\n",
		     "t.conf:3:14: error: real_server 10.0.1.1 port 80 is already in this virtual server (line 2)");
	expect_error("virtual_server 10.0.0.1 80 { }\nvirtual_server 10.0.0.1 80 { }\n",
		     "t.conf:2:1: error: virtual_server UDP 10.0.0.1:80 is already defined (line 1)");
	expect_error("virtual_server 10.0.0.1 80 {\n real_server 2001:db8::1 80 { }\n}\n",
		     "t.conf:2:14: error: real_server 2001:db8::1 is not of the virtual server's address family (only TUN may differ)");
	expect_error("virtual_server 10.0.0.1 80 {\n real_server 10.0.1.1 80 {\n weight 70000 } }\n",
		     "t.conf:3:9: error: '70000': weight must be in 0..65535");
	expect_error("vrrp_instance V { interface e\n virtual_router_id 1\n track_script { nope } }\n",
		     "t.conf:3:17: error: vrrp_instance V: track_script 'nope' is not defined");
	expect_error("vrrp_sync_group G { group { X } }\n",
		     "t.conf:1:29: error: vrrp_sync_group G: vrrp_instance 'X' is not defined");
	expect_error("virtual_server group NOPE { }\n",
		     "t.conf:1:22: error: virtual_server group 'NOPE' is not defined");
	expect_error("virtual_server 10.0.0.1 51820 { real_server 10.0.1.1 51820 {\n WG_CHECK {\n"
		     " public_key abc\n probe_private_key_file /nonexistent/k } } }\n",
		     "t.conf:3:13: error: public_key must be a base64 WireGuard key (44 characters)");
	ck_assert(has_message("t.conf:4:25: error: cannot read key file '/nonexistent/k': No such file or directory"));
	expect_error("virtual_server 10.0.0.1 80 { real_server 10.0.1.1 80 {\n TCP_CHECK { url { path / } } } }\n",
		     "t.conf:2:14: error: 'url' does not apply to TCP_CHECK");
	expect_error("virtual_server 10.0.0.1 80 { real_server 10.0.1.1 80 {\n HTTP_GET { } } }\n",
		     "t.conf:2:2: error: HTTP_GET needs at least one url block");
	expect_error("vrrp_instance V { interface e }\n",
		     "t.conf:1:1: error: vrrp_instance V needs virtual_router_id");
	expect_error("virtual_server 10.0.0.1 80 {\n protocol ICMP\n}\n",
		     "t.conf:2:11: error: 'ICMP': protocol must be TCP, UDP or SCTP");
	expect_error("virtual_server 10.0.0.1 80 {\n delay_loop soon\n}\n",
		     "t.conf:2:13: error: 'soon': delay_loop expects seconds, e.g. 1 or 0.5");
	expect_error("global_defs {\n router_id\n}\n",
		     "t.conf:2:2: error: 'router_id' takes 1 argument, not 0");
	ck_assert_str_eq(cfg_diag_first_error(diag), "t.conf:2:2: error: 'router_id' takes 1 argument, not 0");
}
END_TEST

START_TEST(missing_file_names_the_path)
{
	struct config *c;

	cfg_diag_free(diag);
	diag = cfg_diag_new();
	c = cfg_load("/nonexistent/keel.conf", NULL, diag);
	ck_assert_ptr_null(c);
	ck_assert_uint_eq(cfg_diag_errors(diag), 1);
	ck_assert_ptr_nonnull(strstr(cfg_diag_message(diag, 0), "/nonexistent/keel.conf"));
	ck_assert_ptr_nonnull(strstr(cfg_diag_message(diag, 0), "No such file or directory"));
}
END_TEST

/* Numbers and IPv4 addresses have fast paths; they must judge as
 * strtoull(3) and inet_pton(3) do. */
START_TEST(numbers_and_addresses_as_libc_reads_them)
{
	struct config *c = load("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 0080 {\n weight 007\n }\n"
				" real_server 255.255.255.255 65535 {\n weight \"+3\"\n }\n}\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->vs[0].rs[0].port, 80);
	ck_assert_int_eq(c->vs[0].rs[0].weight, 7);
	ck_assert_int_eq(c->vs[0].rs[1].weight, 3);
	ck_assert_uint_eq(c->vs[0].rs[1].addr.v4.s_addr, 0xffffffffu);
	cfg_free(c);
	expect_error("virtual_server 010.0.0.1 80 {\n}\n",
		     "t.conf:1:16: error: '010.0.0.1': virtual_server expects an IPv4 or IPv6 address");
	expect_error("virtual_server 10.0.0.256 80 {\n}\n",
		     "t.conf:1:16: error: '10.0.0.256': virtual_server expects an IPv4 or IPv6 address");
	expect_error("virtual_server 10.0.0.1. 80 {\n}\n",
		     "t.conf:1:16: error: '10.0.0.1.': virtual_server expects an IPv4 or IPv6 address");
	expect_error("virtual_server 10.0.0.1 65536 {\n}\n",
		     "t.conf:1:25: error: '65536': port must be in 0..65535");
	expect_error("virtual_server 10.0.0.1 99999999999999999999 {\n}\n",
		     "t.conf:1:25: error: '99999999999999999999': port expects an integer");
	expect_error("virtual_server 10.0.0.1 80 {\n delay_loop 1 \n real_server 10.0.0.2 80 {\n"
		     " weight 9999999999999999999\n }\n}\n",
		     "t.conf:4:9: error: '9999999999999999999': weight expects an integer");
}
END_TEST

/* A virtual server's real servers are gathered in the parser's scratch
 * array and moved to their own at the '}' (cfg_lvs.c): many of them, with
 * checks, in two virtual servers, keep their order and their checks. */
START_TEST(many_real_servers_keep_order_and_checks)
{
	char text[32768];
	size_t n = 0;
	struct config *c;

	for (int v = 0; v < 2; v++) {
		n += (size_t)snprintf(text + n, sizeof(text) - n, "virtual_server 10.0.0.%d 80 {\n", v + 1);
		for (int r = 0; r < 150 - 60 * v; r++)
			n += (size_t)snprintf(text + n, sizeof(text) - n,
					      " real_server 10.1.%d.%d 8080 { weight %d\n"
					      "  TCP_CHECK { connect_port %d } }\n", v, r, r + 1, 1000 + r);
		n += (size_t)snprintf(text + n, sizeof(text) - n, " sorry_server 10.9.9.9 80\n}\n");
	}
	ck_assert_uint_lt(n, sizeof(text) - 1);
	c = load(text);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->nvs, 2);
	for (int v = 0; v < 2; v++) {
		const struct cfg_vs *vs = &c->vs[v];
		ck_assert_uint_eq(vs->nrs, (size_t)(150 - 60 * v));
		for (size_t r = 0; r < vs->nrs; r++) {
			ck_assert_uint_eq(ntohl(vs->rs[r].addr.v4.s_addr), (10u << 24) | (1u << 16) | ((unsigned)v << 8) | r);
			ck_assert_int_eq(vs->rs[r].weight, (int)r + 1);
			ck_assert_uint_eq(vs->rs[r].nchecks, 1);
			ck_assert_uint_eq(vs->rs[r].checks[0].connect_port, 1000 + r);
			ck_assert_uint_eq(vs->rs[r].where.line, vs->where.line + 1 + 2 * r);
		}
		ck_assert_ptr_nonnull(vs->sorry);
	}
	cfg_free(c);
	/* a duplicate after servers in ascending order, and one that is a
	 * duplicate only once the port is inherited from the virtual server */
	expect_error("virtual_server 10.0.0.1 80 {\n real_server 10.0.1.1 80 { }\n real_server 10.0.1.2 80 { }\n"
		     " real_server 10.0.1.1 80 { }\n}\n",
		     "t.conf:4:14: error: real_server 10.0.1.1 port 80 is already in this virtual server (line 2)");
	expect_error("virtual_server 10.0.0.1 80 {\n real_server 10.0.1.1 { }\n real_server 10.0.1.1 80 { }\n}\n",
		     "t.conf:3:14: error: real_server 10.0.1.1 port 80 is already in this virtual server (line 2)");
}
END_TEST

/* keel runs every kind now; a registry without BFD_CHECK stands in */
static bool bfd_not_run(enum cfg_check_kind kind)
{
	return kind != CFG_CHECK_BFD;
}

/* keeld -t warns, at the block, about every checker of a kind keel does
 * not run (the registry decides); without the hook nothing is said. */
START_TEST(checker_kinds_not_run_are_warned)
{
	static const char text[] = "bfd_instance b1 {\n neighbor_ip 10.0.0.2\n}\n"
				   "virtual_server 10.0.0.1 80 {\n protocol TCP\n"
				   " real_server 10.0.0.2 80 {\n  TCP_CHECK {\n  }\n"
				   "  BFD_CHECK {\n   name b1\n  }\n }\n}\n";
	struct cfg_load_opts o = { .check_kind_runs = bfd_not_run };
	struct config *c;

	ck_assert(chk_kind_runs(CFG_CHECK_TCP));
	ck_assert(chk_kind_runs(CFG_CHECK_BFD));
	cfg_diag_free(diag);
	diag = cfg_diag_new();
	c = cfg_load_string("t.conf", text, &o, diag);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(cfg_diag_warnings(diag), 1);
	ck_assert_str_eq(cfg_diag_message(diag, 0),
			 "t.conf:9:3: warning: BFD_CHECK: keel does not run this checker kind yet; "
			 "the real server counts as up");
	cfg_free(c);
	c = load(text);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(cfg_diag_warnings(diag), 0);
	cfg_free(c);
}
END_TEST

START_TEST(keepalived_samples_parse)
{
	static const char *const samples[] = {
		"HTTP_GET.port", "IPv6", "PING_CHECK", "SMTP_CHECK", "SSL_GET", "UDP_CHECK",
		"fwmark", "inhibit", "misc_check", "misc_check_arg", "quorum", "sample",
		"status_code", "track_interface", "virtual_server_group", "virtualhost", "vrrp",
		"vrrp.localcheck", "vrrp.lvs_syncd", "vrrp.routes", "vrrp.rules", "vrrp.scripts",
		"vrrp.static_ipaddress", "vrrp.sync",
	};
	char path[256];

	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		snprintf(path, sizeof(path), "/usr/share/doc/keepalived/samples/keepalived.conf.%s", samples[i]);
		cfg_diag_free(diag);
		diag = cfg_diag_new();
		struct config *c = cfg_load(path, NULL, diag);
		ck_assert_msg(c != NULL, "%s: %s", path, cfg_diag_count(diag) ? cfg_diag_message(diag, 0) : "");
		cfg_free(c);
	}
}
END_TEST

/* dont_track_primary and linkbeat_use_polling: per instance; the polling
 * also at the top level or in global_defs, as keepalived reads it. */
START_TEST(vrrp_link_tracking_flags)
{
	static const char *inst =
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
		" dont_track_primary\n linkbeat_use_polling\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n}\n";
	struct config *c = load(inst);

	ck_assert_ptr_nonnull(c);
	ck_assert(c->vrrp[0].dont_track_primary && c->vrrp[0].linkbeat_use_polling);
	ck_assert(!c->vrrp[1].dont_track_primary && !c->vrrp[1].linkbeat_use_polling);
	ck_assert(!c->global.linkbeat_use_polling);
	cfg_free(c);
	c = load("linkbeat_use_polling\nvrrp_instance A {\n interface eth0\n virtual_router_id 1\n}\n");
	ck_assert_ptr_nonnull(c);
	ck_assert(c->global.linkbeat_use_polling);
	cfg_free(c);
	c = load("global_defs {\n linkbeat_use_polling\n}\n");
	ck_assert_ptr_nonnull(c);
	ck_assert(c->global.linkbeat_use_polling);
	cfg_free(c);

	/* interface_up_down_delays: up defaults to down; a second line replaces */
	c = load("interface_up_down_delays {\n eth0 0.5\n eth1 1 0.00001\n eth0 2 3\n}\n");
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->nif_delays, 2);
	ck_assert_str_eq(c->if_delays[0].ifname, "eth0");
	ck_assert_uint_eq(c->if_delays[0].down_us, 2000000);
	ck_assert_uint_eq(c->if_delays[0].up_us, 3000000);
	ck_assert_uint_eq(c->if_delays[1].down_us, 1000000);
	ck_assert_uint_eq(c->if_delays[1].up_us, 10);
	cfg_free(c);
	c = load("interface_up_down_delays {\n eth0 0.5\n}\n");
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->if_delays[0].up_us, 500000);
	cfg_free(c);
	expect_error("interface_up_down_delays {\n eth0 256\n}\n",
		     "t.conf:2:7: error: '256': an interface delay must be at most 255 seconds");
	expect_error("interface_up_down_delays {\n eth0\n}\n",
		     "t.conf:2:2: error: 'eth0': expected an interface, a down delay and an optional up delay");
}
END_TEST

/* Notification and logging options of global_defs: on when present, or as
 * their BOOL says; and checker_log_all_failures the default of the
 * checks that do not say, wherever global_defs stands. */
START_TEST(global_notify_options)
{
	static const char *vs =
		"virtual_server 10.0.0.100 80 {\n"
		" real_server 10.0.0.2 80 {\n  TCP_CHECK {\n  }\n  TCP_CHECK {\n   log_all_failures no\n  }\n }\n"
		" real_server 10.0.0.3 80 {\n  TCP_CHECK {\n   log_all_failures\n  }\n }\n}\n";
	char text[1024];
	struct config *c = load("global_defs {\n fifo_write_vrrp_states_on_reload\n log_unknown_vrids\n rs_init_notifies\n}\n");

	ck_assert_ptr_nonnull(c);
	ck_assert(c->global.fifo_write_vrrp_states_on_reload && c->global.log_unknown_vrids &&
		  c->global.rs_init_notifies);
	ck_assert(!c->global.checker_log_all_failures);
	cfg_free(c);
	c = load("global_defs {\n router_id x\n}\n");
	ck_assert_ptr_nonnull(c);
	ck_assert(!c->global.fifo_write_vrrp_states_on_reload && !c->global.log_unknown_vrids &&
		  !c->global.rs_init_notifies);
	cfg_free(c);

	/* the default off: only the check that says logs all */
	c = load(vs);
	ck_assert_ptr_nonnull(c);
	ck_assert(!c->vs[0].rs[0].checks[0].log_all_failures);
	ck_assert(!c->vs[0].rs[0].checks[1].log_all_failures);
	ck_assert(c->vs[0].rs[1].checks[0].log_all_failures);
	cfg_free(c);
	/* on, after the virtual server: all but the one that says no */
	snprintf(text, sizeof(text), "%sglobal_defs {\n checker_log_all_failures\n}\n", vs);
	c = load(text);
	ck_assert_ptr_nonnull(c);
	ck_assert(c->global.checker_log_all_failures);
	ck_assert(c->vs[0].rs[0].checks[0].log_all_failures);
	ck_assert(!c->vs[0].rs[0].checks[1].log_all_failures);
	ck_assert(c->vs[0].rs[1].checks[0].log_all_failures);
	cfg_free(c);
	snprintf(text, sizeof(text), "global_defs {\n checker_log_all_failures false\n}\n%s", vs);
	c = load(text);
	ck_assert_ptr_nonnull(c);
	ck_assert(!c->vs[0].rs[0].checks[0].log_all_failures);
	cfg_free(c);

	c = load("global_defs {\n fifo_write_vrrp_states_on_reload no\n log_unknown_vrids yes\n}\n");
	ck_assert_ptr_nonnull(c);
	ck_assert(!c->global.fifo_write_vrrp_states_on_reload && c->global.log_unknown_vrids);
	cfg_free(c);
}
END_TEST

/* An instance's own GARP and timer tuning, else global_defs', else
 * keepalived's defaults; vrrp_min_garp changes only those defaults. */
START_TEST(vrrp_tuning_defaults_and_overrides)
{
	static const char *text =
		"global_defs {\n vrrp_garp_master_repeat 2\n vrrp_down_timer_adverts 4\n"
		" vrrp_lower_prio_no_advert\n}\n"
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
		" garp_master_delay 2\n down_timer_adverts 5\n lower_prio_no_advert false\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n"
		" garp_lower_prio_repeat 0\n}\n";
	struct config *c = load(text);
	const struct cfg_vrrp_tuning *a, *b;

	ck_assert_ptr_nonnull(c);
	a = &c->vrrp[0].tune;
	b = &c->vrrp[1].tune;
	ck_assert_int_eq(a->garp_master_delay, 2000000);	/* its own */
	ck_assert_int_eq(a->garp_master_repeat, 2);		/* global_defs' */
	ck_assert_int_eq(a->garp_lower_prio_delay, 2000000);	/* follows the master's */
	ck_assert_int_eq(a->garp_lower_prio_repeat, 2);
	ck_assert_int_eq(a->down_timer_adverts, 5);
	ck_assert_int_eq(a->lower_prio_no_advert, 0);
	ck_assert_int_eq(b->garp_master_delay, 5000000);	/* keepalived's */
	ck_assert_int_eq(b->garp_master_refresh, 0);
	ck_assert_int_eq(b->garp_master_refresh_repeat, 1);
	ck_assert_int_eq(b->garp_lower_prio_repeat, 0);
	ck_assert_int_eq(b->down_timer_adverts, 4);
	ck_assert_int_eq(b->lower_prio_no_advert, 1);
	ck_assert_int_eq(b->higher_prio_send_advert, 0);
	cfg_free(c);

	c = load("global_defs {\n vrrp_min_garp\n}\n"
		 "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n}\n"
		 "vrrp_instance B {\n interface eth0\n virtual_router_id 2\n garp_master_repeat 3\n}\n");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->vrrp[0].tune.garp_master_repeat, 1);
	ck_assert_int_eq(c->vrrp[0].tune.garp_master_delay, 0);	/* no second burst */
	ck_assert_int_eq(c->vrrp[1].tune.garp_master_repeat, 3);
	cfg_free(c);

	/* garp_extra_if [all] N: the instance's line whole, else global_defs' */
	c = load("global_defs {\n vrrp_garp_extra_if all 30\n}\n"
		 "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n}\n"
		 "vrrp_instance B {\n interface eth0\n virtual_router_id 2\n garp_extra_if 100\n}\n"
		 "vrrp_instance C {\n interface eth0\n virtual_router_id 3\n garp_extra_if 0\n}\n");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->vrrp[0].tune.garp_extra_if, 30000000);
	ck_assert_int_eq(c->vrrp[0].tune.garp_extra_if_all, 1);
	ck_assert_int_eq(c->vrrp[1].tune.garp_extra_if, 100000000);
	ck_assert_int_eq(c->vrrp[1].tune.garp_extra_if_all, 0);
	ck_assert_int_eq(c->vrrp[2].tune.garp_extra_if, 0);
	cfg_free(c);
	c = load("vrrp_instance A {\n interface eth0\n virtual_router_id 1\n}\n");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->vrrp[0].tune.garp_extra_if, 0);	/* off unless asked */
	cfg_free(c);
	expect_error("vrrp_instance A {\n interface eth0\n virtual_router_id 1\n garp_extra_if any 10\n}\n",
		     "t.conf:4:16: error: 'any': expected 'all' or a number of seconds");
	expect_error("global_defs {\n vrrp_garp_extra_if 86401\n}\n",
		     "t.conf:2:21: error: '86401': vrrp_garp_extra_if must be in 0..86400");

	expect_error("vrrp_instance A {\n interface eth0\n virtual_router_id 1\n down_timer_adverts 101\n}\n",
		     "t.conf:4:21: error: '101': down_timer_adverts must be in 1..100");
}
END_TEST

/* The threads' names: keepalived's process names on keel's threads */
START_TEST(thread_names)
{
	struct config *c = load("vrrp_instance VI_1 {\n interface lo\n virtual_router_id 1\n"
				" virtual_ipaddress {\n  10.0.0.1\n }\n}\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(cfg_thread_name(&c->global, CFG_THREAD_MAIN), "keeld");
	ck_assert_str_eq(cfg_thread_name(&c->global, CFG_THREAD_VRRP), "keeld-vrrp");
	ck_assert_str_eq(cfg_thread_name(&c->global, CFG_THREAD_BFD), "keeld-bfd");
	cfg_free(c);
	c = load("global_defs {\n process_names\n vrrp_process_name kl_vrrp\n}\n");
	ck_assert_str_eq(cfg_thread_name(&c->global, CFG_THREAD_MAIN), "keepalived");
	ck_assert_str_eq(cfg_thread_name(&c->global, CFG_THREAD_VRRP), "kl_vrrp");
	ck_assert_str_eq(cfg_thread_name(&c->global, CFG_THREAD_BFD), "keepalived_bfd");
	cfg_free(c);
	/* the checks run on the main thread: its name when process_name is not given */
	c = load("global_defs {\n checker_process_name kl_chk\n}\n");
	ck_assert_str_eq(cfg_thread_name(&c->global, CFG_THREAD_MAIN), "kl_chk");
	cfg_free(c);
	c = load("global_defs {\n checker_process_name kl_chk\n process_name kl_main\n}\n");
	ck_assert_str_eq(cfg_thread_name(&c->global, CFG_THREAD_MAIN), "kl_main");
	cfg_free(c);
	c = load("global_defs {\n process_name a_name_of_twenty_c\n}\n");
	ck_assert(has_message("t.conf:2:15: warning: process_name 'a_name_of_twenty_c': the kernel keeps "
			      "15 characters of a name"));
	cfg_free(c);
}
END_TEST

/* keepalived's nftables settings (vrrp/vrrp_accept.c uses them) */
START_TEST(nftables_settings)
{
	struct config *c = load("vrrp_instance VI_1 {\n interface lo\n virtual_router_id 1\n"
				" virtual_ipaddress {\n  10.0.0.1\n }\n}\n");

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.nft.table, "keel");
	ck_assert_int_eq(c->global.nft.priority, -1);
	ck_assert(!c->global.nft.counters);
	cfg_free(c);
	c = load("global_defs {\n nftables\n nftables_priority -5\n nftables_counters\n nftables_ifindex\n}\n");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.nft.table, "keepalived");	/* keepalived's default name */
	ck_assert_int_eq(c->global.nft.priority, -5);
	ck_assert(c->global.nft.counters && c->global.nft.ifindex);
	cfg_free(c);
	c = load("global_defs {\n nftables kl_t-1\n}\n");
	ck_assert_str_eq(c->global.nft.table, "kl_t-1");
	cfg_free(c);
	/* the name goes into nft commands */
	expect_error("global_defs {\n nftables \"kl; flush ruleset\"\n}\n",
		     "t.conf:2:11: error: 'kl; flush ruleset': an nftables table name is a letter, then up to "
		     "31 letters, digits, '_' or '-'");
	expect_error("global_defs {\n nftables_priority 5000\n}\n",
		     "t.conf:2:20: error: '5000': nftables_priority must be in -1000..1000");
}
END_TEST

START_TEST(track_process_blocks)
{
	struct config *c = load("vrrp_track_process hap {\n process /usr/sbin/haproxy -f \"/etc/a b\"\n"
				" param_match initial\n weight -20 reverse\n quorum 2\n quorum_max 4\n"
				" delay 0.5\n terminate_delay 2\n}\n"
				"track_process ng {\n process nginx\n full_command\n fork_delay 1\n}\n"
				"vrrp_instance VI_1 { interface eth0\n virtual_router_id 1\n"
				" track_process {\n hap\n ng weight 5\n }\n}\n");
	const struct cfg_track_process *t;

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->ntrack_procs, 2);
	t = &c->track_procs[0];
	ck_assert_str_eq(t->name, "hap");
	ck_assert_uint_eq(t->argc, 3);
	ck_assert_str_eq(t->argv[0], "/usr/sbin/haproxy");
	ck_assert_str_eq(t->argv[2], "/etc/a b");
	ck_assert(t->param_match_set && t->param_match == CFG_PARAM_INITIAL);
	ck_assert_int_eq(t->weight, -20);
	ck_assert(t->weight_reverse);
	ck_assert_uint_eq(t->quorum, 2);
	ck_assert_uint_eq(t->quorum_max, 4);
	ck_assert_uint_eq(t->fork_delay_us, 500000);
	ck_assert_uint_eq(t->terminate_delay_us, 2000000);
	t = &c->track_procs[1];
	ck_assert(t->full_command && !t->param_match_set);
	ck_assert_int_eq(t->weight, 1);
	ck_assert_uint_eq(t->quorum, 1);
	ck_assert_uint_eq(t->quorum_max, UINT32_MAX);
	ck_assert_uint_eq(t->fork_delay_us, 1000000);
	ck_assert_uint_eq(t->terminate_delay_us, 0);
	ck_assert_uint_eq(c->vrrp[0].track.nprocs, 2);
	ck_assert_str_eq(c->vrrp[0].track.procs[1].name, "ng");
	ck_assert(c->vrrp[0].track.procs[1].weight_set);
	ck_assert_int_eq(c->vrrp[0].track.procs[1].weight, 5);
	cfg_free(c);
	expect_error("vrrp_instance VI_1 { interface eth0\n virtual_router_id 1\n"
		     " track_process {\n nope\n }\n}\n",
		     "t.conf:4:2: error: vrrp_instance VI_1: track_process 'nope' is not defined");
	expect_error("vrrp_track_process p {\n weight 2\n}\n",
		     "t.conf:1:1: error: track process 'p' needs 'process NAME'");
	expect_error("vrrp_track_process p {\n process x\n quorum 3\n quorum_max 2\n}\n",
		     "t.conf:1:1: error: track process 'p': quorum 3 above quorum_max 2");
	expect_error("vrrp_track_process p {\n process x\n param_match all\n}\n",
		     "t.conf:3:14: error: 'all': param_match expects initial or partial");
}
END_TEST

Suite *cfg_parse_suite(void)
{
	Suite *s = suite_create("cfg_parse");
	TCase *tc = tcase_create("keywords");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, empty_is_valid);
	tcase_add_test(tc, global_defs);
	tcase_add_test(tc, life_scripts);
	tcase_add_test(tc, url_regex);
	tcase_add_test(tc, http_protocol_values);
	tcase_add_test(tc, virtual_server_and_real_servers);
	tcase_add_test(tc, many_real_servers_keep_order_and_checks);
	tcase_add_test(tc, file_check_links_its_track_file);
	tcase_add_test(tc, sync_group_tracking);
	tcase_add_test(tc, unicast_options);
	tcase_add_test(tc, priority_notifications);
	tcase_add_test(tc, multicast_groups);
	tcase_add_test(tc, address_flags);
	tcase_add_test(tc, garp_pacing);
	tcase_add_test(tc, defaults_of_a_bare_virtual_server);
	tcase_add_test(tc, tunnel_and_fwmark_and_groups);
	tcase_add_test(tc, track_file_and_init_fail);
	tcase_add_test(tc, wg_check_keys);
	tcase_add_test(tc, vrrp_instance);
	tcase_add_test(tc, unknown_and_unimplemented_warn);
	tcase_add_test(tc, errors_name_their_place);
	tcase_add_test(tc, missing_file_names_the_path);
	tcase_add_test(tc, numbers_and_addresses_as_libc_reads_them);
	tcase_add_test(tc, checker_kinds_not_run_are_warned);
	tcase_add_test(tc, keepalived_samples_parse);
	tcase_add_test(tc, vrrp_tuning_defaults_and_overrides);
	tcase_add_test(tc, vrrp_link_tracking_flags);
	tcase_add_test(tc, global_notify_options);
	tcase_add_test(tc, track_process_blocks);
	tcase_add_test(tc, nftables_settings);
	tcase_add_test(tc, thread_names);
	suite_add_tcase(s, tc);
	return s;
}
