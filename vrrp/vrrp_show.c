// SPDX-License-Identifier: GPL-2.0-or-later
/* What `keelctl vrrp` shows: each instance's state, priorities, VIPs, the
 * master it last heard and its tracked objects as they stand. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp_run_int.h"

static void fmt_ip(const struct vrrp_ip *ip, char *buf, size_t len)
{
	if (!ip->family || !inet_ntop(ip->family, ip->addr, buf, (socklen_t)len))
		snprintf(buf, len, "none");
}

static void fmt_vip(const struct cfg_vip *v, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	cfg_ip_format(&v->addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, v->plen);
}

static const char *kind_word(enum vrrp_obj_kind k)
{
	return k == VRRP_OBJ_IF ? "interface" : k == VRRP_OBJ_SCRIPT ? "script"
	     : k == VRRP_OBJ_FILE ? "file" : k == VRRP_OBJ_BFD ? "bfd" : "process";
}

static const char *state_word(enum vrrp_obj_state s)
{
	return s == VRRP_OBJ_UP ? "up" : s == VRRP_OBJ_DOWN ? "down" : "not run yet";
}

static const char *group_name(const struct vrrp_inst *i)
{
	return i->group ? vrrp_group_conf(i->group)->name : NULL;
}

static void json_tracked(const struct vrrp_inst *i, struct json_writer *w)
{
	size_t n;
	struct vrrp_tracked *t = vrrp_track_objects(i, &n);
	bool own_zero = !vrrp_track_weighs_own(i);

	json_kv_bool(w, "fault", i->fault);
	json_kv_int(w, "tracking_weight", i->weight);
	json_key(w, "tracked");
	json_arr_begin(w);
	for (size_t k = 0; t && k < n; k++) {
		json_obj_begin(w);
		json_kv_str(w, "kind", kind_word(t[k].kind));
		json_kv_str(w, "name", t[k].name);
		if (t[k].kind == VRRP_OBJ_FILE)
			json_kv_int(w, "value", t[k].value);
		else
			json_kv_str(w, "state", state_word(t[k].state));
		json_kv_int(w, "weight", t[k].weight);
		json_kv_int(w, "weight_applied", vrrp_tracked_weight(&t[k], own_zero));
		json_kv_bool(w, "reverse", t[k].reverse);
		json_kv_bool(w, "from_sync_group", t[k].from_group);
		json_obj_end(w);
	}
	json_arr_end(w);
	free(t);
}

static void json_inst(const struct vrrp_inst *i, struct json_writer *w, uint64_t now)
{
	char buf[INET6_ADDRSTRLEN + 8];

	json_obj_begin(w);
	json_kv_str(w, "name", i->c->name);
	json_kv_str(w, "state", vrrp_state_name(i->f.state));
	json_kv_str(w, "interface", i->c->ifname);
	json_kv_int(w, "vrid", i->c->vrid);
	json_kv_int(w, "version", i->c->version);
	json_kv_int(w, "priority", i->f.priority);
	json_kv_int(w, "base_priority", i->c->priority);
	json_kv_bool(w, "unicast", i->npeers > 0);
	fmt_ip(&i->src, buf, sizeof(buf));
	json_kv_str(w, "source", buf);
	json_kv_bool(w, "vips_up", i->vips_up);
	json_key(w, "vips");
	json_arr_begin(w);
	for (size_t k = 0; k < i->c->nvips; k++) {
		fmt_vip(&i->c->vips[k], buf, sizeof(buf));
		json_str(w, buf);
	}
	json_arr_end(w);
	json_key(w, "master_seen");
	if (i->master_at_us) {
		json_obj_begin(w);
		fmt_ip(&i->master, buf, sizeof(buf));
		json_kv_str(w, "address", buf);
		json_kv_int(w, "priority", i->master_prio);
		json_kv_int(w, "age_ms", (int64_t)((now - i->master_at_us) / 1000));
		json_obj_end(w);
	} else {
		json_null(w);
	}
	json_kv_int(w, "adverts_in", (int64_t)i->rx_ok);
	json_kv_int(w, "adverts_bad", (int64_t)i->rx_bad);
	json_kv_int(w, "adverts_out", (int64_t)i->tx);
	json_key(w, "sync_group");
	if (group_name(i))
		json_str(w, group_name(i));
	else
		json_null(w);
	json_tracked(i, w);
	json_obj_end(w);
}

void vrrp_run_json(const struct vrrp_run *r, struct json_writer *w)
{
	uint64_t now = vrrp_now_us();

	json_key(w, "instances");
	json_arr_begin(w);
	for (const struct vrrp_inst *i = r ? r->insts : NULL; i; i = i->next)
		json_inst(i, w, now);
	json_arr_end(w);
}

/* "  tracked: ..." and a line per object; nothing when nothing is tracked */
static void text_tracked(const struct vrrp_inst *i, FILE *f)
{
	size_t n;
	struct vrrp_tracked *t = vrrp_track_objects(i, &n);
	bool own_zero = !vrrp_track_weighs_own(i);

	if (t && n)
		fprintf(f, "  tracked: %s, weights %+d\n", i->fault ? "FAULT" : "no fault", i->weight);
	for (size_t k = 0; t && k < n; k++) {
		fprintf(f, "    %s %s ", kind_word(t[k].kind), t[k].name);
		if (t[k].kind == VRRP_OBJ_FILE)
			fprintf(f, "value %lld", (long long)t[k].value);
		else
			fprintf(f, "%s", state_word(t[k].state));
		fprintf(f, ", weight %d%s", t[k].weight, t[k].reverse ? " reverse" : "");
		if (vrrp_tracked_weight(&t[k], own_zero) != t[k].weight)
			fprintf(f, " (counts as 0 in sync group %s)", group_name(i));
		else if (t[k].from_group)
			fprintf(f, " (sync group %s)", group_name(i));
		fputc('\n', f);
	}
	free(t);
}

static void text_inst(const struct vrrp_inst *i, FILE *f, uint64_t now)
{
	char buf[INET6_ADDRSTRLEN + 8];

	fmt_ip(&i->src, buf, sizeof(buf));
	fprintf(f, "%s: %s  %s vrid %u v%d %s from %s  priority %u (base %u)\n", i->c->name,
		vrrp_state_name(i->f.state), i->c->ifname, i->c->vrid, i->c->version,
		i->npeers ? "unicast" : "multicast", buf, i->f.priority, i->c->priority);
	for (size_t k = 0; k < i->c->nvips; k++) {
		fmt_vip(&i->c->vips[k], buf, sizeof(buf));
		fprintf(f, "  vip %s%s\n", buf, i->vips_up ? " (held)" : "");
	}
	if (i->master_at_us) {
		fmt_ip(&i->master, buf, sizeof(buf));
		fprintf(f, "  master seen: %s priority %u, %.1f s ago\n", buf, i->master_prio,
			(double)(now - i->master_at_us) / 1e6);
	} else {
		fprintf(f, "  master seen: none\n");
	}
	fprintf(f, "  adverts: %llu in, %llu bad, %llu out\n", (unsigned long long)i->rx_ok,
		(unsigned long long)i->rx_bad, (unsigned long long)i->tx);
	text_tracked(i, f);
}

char *vrrp_run_text(const struct vrrp_run *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	uint64_t now = vrrp_now_us();

	if (!f)
		return NULL;
	if (!r || !r->insts)
		fprintf(f, "no VRRP instance running\n");
	for (const struct vrrp_inst *i = r ? r->insts : NULL; i; i = i->next)
		text_inst(i, f, now);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

void vrrp_inst_view_of(const struct vrrp_inst *i, struct vrrp_inst_view *v)
{
	const struct cfg_vrrp *c = i->c;

	*v = (struct vrrp_inst_view){
		.vrid = c->vrid,
		.version = c->version,
		.state = i->f.state,
		.init_master = c->state == CFG_VRRP_MASTER,
		.base_priority = c->priority,
		.priority = i->f.priority,
		.advert_int_us = c->advert_int,
		.preempt = !c->nopreempt,
		.preempt_delay_us = c->preempt_delay,
		.accept = i->fc.accept,
		.vips_up = i->vips_up,
		.auth_pass = vrrp_inst_auth(i) == VRRP_AUTH_PASS,
		.auth_ah = vrrp_inst_auth(i) == VRRP_AUTH_AH,
		.family = (uint8_t)i->family,
		.has_src = i->src.family != 0,
		.has_master = i->master_at_us != 0,
		.nvips = (unsigned)c->nvips,
		.rx_ok = i->rx_ok,
		.rx_bad = i->rx_bad,
		.tx = i->tx,
		.master_transitions = i->master_transitions,
		.master_reason = i->master_reason,
		.stats = i->stats,
	};
	snprintf(v->name, sizeof(v->name), "%s", c->name);
	snprintf(v->ifname, sizeof(v->ifname), "%s", c->ifname ? c->ifname : "");
	memcpy(v->src, i->src.addr, sizeof(v->src));
	memcpy(v->master, i->master.addr, sizeof(v->master));
}

size_t vrrp_run_views(const struct vrrp_run *r, struct vrrp_inst_view *out, size_t cap)
{
	size_t n = 0;

	for (const struct vrrp_inst *i = r ? r->insts : NULL; i; i = i->next, n++)
		if (n < cap)
			vrrp_inst_view_of(i, &out[n]);
	return n;
}

void vrrp_run_router_stats(const struct vrrp_run *r, struct vrrp_router_stats *out)
{
	*out = r ? r->stats : (struct vrrp_router_stats){ 0 };
}
