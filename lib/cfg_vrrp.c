// SPDX-License-Identifier: GPL-2.0-or-later
/* VRRPD CONFIGURATION: the vrrp_instance block, its statements and its
 * authentication block. Its address lists are in cfg_vrrp_addrs.c, its
 * track_* blocks in cfg_track_lines.c, its timing keywords in
 * cfg_vrrp_tuning.c; its defaults are resolved by cfg_finish.c. */
#include "config.h"

#include <string.h>

#include "cfg_block.h"
#include "cfg_route.h"
#include "cfg_smtp.h"
#include "cfg_vrrp.h"
#include "cfg_vrrp_int.h"

#define TODO(name, why) { name, 0, CFG_ANY, NULL, NULL, NULL, why }

/* --- authentication { auth_type PASS|AH; auth_pass X } */

static int auth_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	if (strcmp(st->argv[0], "auth_type") == 0) {
		if (strcmp(st->argv[1], "PASS") != 0 && strcmp(st->argv[1], "AH") != 0) {
			cfg_err(p, st, 1, "'%s': auth_type must be PASS or AH", st->argv[1]);
			return -1;
		}
		return cfg_arg_str(p, st, 1, &vr->auth_type);
	}
	if (strlen(st->argv[1]) > 8)
		cfg_warn(p, st, 1, "auth_pass is cut to its first 8 characters, as VRRPv2 carries 8");
	return cfg_arg_str(p, st, 1, &vr->auth_pass);
}

static const struct cfg_kw auth_kws[] = {
	{ "auth_pass", 1, 1, auth_kw, NULL, NULL, NULL },
	{ "auth_type", 1, 1, auth_kw, NULL, NULL, NULL },
};
static const struct cfg_block auth_block = { "authentication", CFG_TABLE(auth_kws), NULL, NULL };

/* --- vrrp_instance statements */

static int vr_state(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	vr->state_where = st->loc[1];
	if (strcmp(st->argv[1], "MASTER") == 0)
		vr->state = CFG_VRRP_MASTER;
	else if (strcmp(st->argv[1], "BACKUP") == 0)
		vr->state = CFG_VRRP_BACKUP;
	else {
		cfg_err(p, st, 1, "'%s': state must be MASTER or BACKUP", st->argv[1]);
		return -1;
	}
	return 0;
}

static int vr_uint(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	const char *k = st->argv[0];
	uint64_t v;

	if (strcmp(k, "virtual_router_id") == 0) {
		vr->vrid_given = true;
		vr->vrid_where = st->loc[1];
		if (cfg_arg_uint(p, st, 1, 1, 255, &v) < 0)
			return -1;
		vr->vrid = (unsigned)v;
	} else if (strcmp(k, "priority") == 0) {
		if (cfg_arg_uint(p, st, 1, 1, 255, &v) < 0)
			return -1;
		vr->priority = (unsigned)v;
	} else if (strcmp(k, "unicast_ttl") == 0) {
		if (cfg_arg_uint(p, st, 1, 1, 255, &v) < 0)
			return -1;
		vr->unicast_ttl = (uint8_t)v;
	} else if (strcmp(k, "version") == 0) {
		vr->version_where = st->loc[1];
		if (cfg_arg_uint(p, st, 1, 2, 3, &v) < 0)
			return -1;
		vr->version = (int)v;
	}
	return 0;
}

static int vr_timer(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	const char *k = st->argv[0];
	uint64_t v;

	if (cfg_arg_timer(p, st, 1, &v) < 0)
		return -1;
	if (strcmp(k, "advert_int") == 0) {
		if (v < 10000 || v > 40950000) {
			cfg_err(p, st, 1, "'%s': advert_int must be in 0.01..40.95 s", st->argv[1]);
			return -1;
		}
		vr->advert_int = v;
		vr->advert_where = st->loc[1];
	} else if (strcmp(k, "preempt_delay") == 0) {
		if (v > 1000000000ull) {
			cfg_err(p, st, 1, "'%s': preempt_delay must be at most 1000 s", st->argv[1]);
			return -1;
		}
		vr->preempt_delay = v;
	}
	return 0;
}

static int vr_tune(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_vrrp_tuning_kw(p, st, st->argv[0], &((struct cfg_vrrp *)obj)->tune);
}

static int vr_flag(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	const char *k = st->argv[0];

	if (strcmp(k, "nopreempt") == 0)
		vr->nopreempt = true, vr->nopreempt_where = st->loc[0];
	else if (strcmp(k, "preempt") == 0)
		vr->nopreempt = false;
	else if (strcmp(k, "accept") == 0)
		vr->accept = vr->accept_set = true;
	else if (strcmp(k, "no_accept") == 0)
		vr->accept = false, vr->accept_set = true;
	else if (strcmp(k, "vmac_xmit_base") == 0)
		vr->vmac_xmit_base = true;
	else if (strcmp(k, "use_vmac_addr") == 0)
		vr->use_vmac_addr = true;
	else if (strcmp(k, "unicast_fault_no_peer") == 0)
		vr->unicast_fault_no_peer = true;
	else if (strcmp(k, "track_src_ip") == 0)
		vr->track_src_ip = true;
	else if (strcmp(k, "promote_secondaries") == 0)
		vr->promote_secondaries = true;
	else if (strcmp(k, "dont_track_primary") == 0)
		vr->dont_track_primary = true;
	else if (strcmp(k, "linkbeat_use_polling") == 0)
		vr->linkbeat_use_polling = true;
	/* check_unicast_src: keel takes adverts from its unicast peers alone,
	 * always */
	return 0;
}

static int vr_ip(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;

	if (strcmp(st->argv[0], "mcast_dst_ip") == 0) {
		vr->mcast_dst_where = st->loc[1];
		return cfg_arg_mcast(p, st, 1, 0, &vr->mcast_dst_ip);
	}
	return cfg_arg_ip(p, st, 1, strcmp(st->argv[0], "mcast_src_ip") == 0 ? &vr->mcast_src_ip
									    : &vr->unicast_src_ip);
}

static int vr_interface(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	vr->ifname_given = true;
	vr->ifname_where = st->loc[1];
	return cfg_arg_str(p, st, 1, &vr->ifname);
}

static int vr_notify(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	const char *k = st->argv[0];
	struct cfg_script *s = strcmp(k, "notify") == 0 ? &vr->notify
			     : strcmp(k, "notify_master_rx_lower_pri") == 0 ? &vr->notify_master_rx_lower_pri
			     : strcmp(k, "notify_master") == 0 ? &vr->notify_master
			     : strcmp(k, "notify_backup") == 0 ? &vr->notify_backup
			     : strcmp(k, "notify_fault") == 0 ? &vr->notify_fault : &vr->notify_stop;
	return cfg_arg_script(p, st, s);
}

/* notify_priority_changes [BOOL] */
int cfg_prio_changes_arg(struct cfg_parser *p, const struct cfg_stmt *st, int8_t *out)
{
	bool on;

	if (cfg_arg_bool(p, st, 1, &on) < 0)
		return -1;
	*out = on;
	return 0;
}

static int vr_prio_changes(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_prio_changes_arg(p, st, &((struct cfg_vrrp *)obj)->notify_priority_changes);
}

static int vr_smtp_alert(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_smtp_alert_arg(p, st, &((struct cfg_vrrp *)obj)->smtp_alert);
}

static int vr_vmac(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	vr->use_vmac = true;
	if (st->argc > 2)
		cfg_warn(p, st, 2, "a VMAC's own MAC address is not implemented by keel yet; ignored");
	return st->argc > 1 ? cfg_arg_str(p, st, 1, &vr->vmac_name) : 0;
}

int cfg_rx_buf_size(struct cfg_parser *p, const struct cfg_stmt *st, size_t i, uint32_t *out)
{
	uint64_t v;

	if (cfg_arg_uint(p, st, i, 1, CFG_RX_BUF_MAX, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* strict_mode, skip_check_adv_addr [BOOL]: bare is on */
static int vr_onoff(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_vrrp *vr = obj;
	bool on;

	if (cfg_arg_bool(p, st, 1, &on) < 0)
		return -1;
	*(strcmp(st->argv[0], "strict_mode") == 0 ? &vr->strict : &vr->skip_check_adv_addr) = on;
	return 0;
}

static int vr_rx_buf(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return cfg_rx_buf_size(p, st, 1, &((struct cfg_vrrp *)obj)->kernel_rx_buf_size);
}

static void *vr_auth(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	((struct cfg_vrrp *)obj)->auth_where = st->loc[0];
	return obj;
}

static void *vr_tracked(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return &((struct cfg_vrrp *)obj)->track;
}

#define LIST(name, blk) { name, 0, 0, NULL, cfg_open_self, &(blk), NULL }
#define TRACKED(name, blk) { name, 0, 0, NULL, vr_tracked, &(blk), NULL }

static const struct cfg_kw vrrp_kw[] = {
	{ "accept", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "advert_int", 1, 1, vr_timer, NULL, NULL, NULL },
	{ "authentication", 0, 0, NULL, vr_auth, &auth_block, NULL },
	{ "check_unicast_src", 0, 0, vr_flag, NULL, NULL, NULL },
	TODO("debug", "debug levels"),
	{ "dont_track_primary", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "down_timer_adverts", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "garp_extra_if", 1, 2, vr_tune, NULL, NULL, NULL },
	{ "garp_lower_prio_delay", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "garp_lower_prio_repeat", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "garp_master_delay", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "garp_master_refresh", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "garp_master_refresh_repeat", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "garp_master_repeat", 1, 1, vr_tune, NULL, NULL, NULL },
	{ "higher_prio_send_advert", 0, 1, vr_tune, NULL, NULL, NULL },
	{ "interface", 1, 1, vr_interface, NULL, NULL, NULL },
	{ "kernel_rx_buf_size", 1, 1, vr_rx_buf, NULL, NULL, NULL },
	{ "linkbeat_use_polling", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "lower_prio_no_advert", 0, 1, vr_tune, NULL, NULL, NULL },
	{ "mcast_dst_ip", 1, 1, vr_ip, NULL, NULL, NULL },
	{ "mcast_src_ip", 1, 1, vr_ip, NULL, NULL, NULL },
	TODO("native_ipv6", "deprecated in keepalived"),
	{ "no_accept", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "nopreempt", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "notify", 1, 3, vr_notify, NULL, NULL, NULL },
	{ "notify_backup", 1, 3, vr_notify, NULL, NULL, NULL },
	{ "notify_fault", 1, 3, vr_notify, NULL, NULL, NULL },
	{ "notify_master", 1, 3, vr_notify, NULL, NULL, NULL },
	{ "notify_master_rx_lower_pri", 1, 3, vr_notify, NULL, NULL, NULL },
	{ "notify_priority_changes", 0, 1, vr_prio_changes, NULL, NULL, NULL },
	{ "notify_stop", 1, 3, vr_notify, NULL, NULL, NULL },
	TODO("old_unicast_checksum", "pre-1.3.6 keepalived peers"),
	{ "preempt", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "preempt_delay", 1, 1, vr_timer, NULL, NULL, NULL },
	{ "priority", 1, 1, vr_uint, NULL, NULL, NULL },
	{ "promote_secondaries", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "skip_check_adv_addr", 0, 1, vr_onoff, NULL, NULL, NULL },
	{ "smtp_alert", 0, 1, vr_smtp_alert, NULL, NULL, NULL },
	{ "state", 1, 1, vr_state, NULL, NULL, NULL },
	{ "strict_mode", 0, 1, vr_onoff, NULL, NULL, NULL },
	TRACKED("track_bfd", cfg_tracked_bfd_block),
	TRACKED("track_file", cfg_tracked_file_block),
	TRACKED("track_interface", cfg_tracked_if_block),
	TRACKED("track_process", cfg_tracked_process_block),
	TRACKED("track_script", cfg_tracked_script_block),
	{ "track_src_ip", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "unicast_fault_no_peer", 0, 0, vr_flag, NULL, NULL, NULL },
	LIST("unicast_peer", cfg_peer_block),
	{ "unicast_src_ip", 1, 1, vr_ip, NULL, NULL, NULL },
	{ "unicast_ttl", 1, 1, vr_uint, NULL, NULL, NULL },
	TODO("use_ipvlan", "ipvlan"),
	{ "use_vmac", 0, 2, vr_vmac, NULL, NULL, NULL },
	{ "use_vmac_addr", 0, 0, vr_flag, NULL, NULL, NULL },
	{ "version", 1, 1, vr_uint, NULL, NULL, NULL },
	LIST("virtual_ipaddress", cfg_vip_block),
	LIST("virtual_ipaddress_excluded", cfg_evip_block),
	{ "virtual_router_id", 1, 1, vr_uint, NULL, NULL, NULL },
	{ "virtual_routes", 0, 0, NULL, cfg_vroutes_open, &cfg_routes_block, NULL },
	{ "virtual_rules", 0, 0, NULL, cfg_vroutes_open, &cfg_rules_block, NULL },
	{ "vmac_xmit_base", 0, 0, vr_flag, NULL, NULL, NULL },
};

static void vrrp_close(struct cfg_parser *p, void *obj, const struct cfg_loc *where)
{
	cfg_vrrp_finish(p, obj, where);
}

const struct cfg_block cfg_vrrp_block = { "vrrp_instance", CFG_TABLE(vrrp_kw), NULL, vrrp_close };

void *cfg_vrrp_open(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct config *cfg = obj;
	struct cfg_vrrp *vr = cfg_push(p, &cfg->vrrp, &cfg->nvrrp, sizeof(*vr));

	if (!vr)
		return NULL;
	vr->priority = 100;
	vr->unicast_ttl = 255;
	vr->notify_priority_changes = -1;
	vr->strict = vr->skip_check_adv_addr = -1;
	vr->advert_int = 1000000;
	cfg_vrrp_tuning_unset(&vr->tune);
	vr->where = st->loc[0];
	if (cfg_arg_str(p, st, 1, &vr->name) < 0) {
		cfg->nvrrp--;
		return NULL;
	}
	return vr;
}

const struct cfg_vrrp *cfg_vrrp_named(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nvrrp; i++)
		if (strcmp(cfg->vrrp[i].name, name) == 0)
			return &cfg->vrrp[i];
	return NULL;
}
