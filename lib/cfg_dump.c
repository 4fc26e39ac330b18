// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <netinet/in.h>
#include <stdio.h>

#include "cfg_dump.h"
#include "cfg_route.h"

static const char *const fwd_names[] = { "NAT", "DR", "TUN" };
static const char *const tun_names[] = { "ipip", "gue", "gre" };
static const char *const csum_names[] = { "default", "nocsum", "csum", "remcsum" };

static void kv_ip(struct json_writer *w, const char *key, const struct cfg_ip *ip)
{
	char buf[INET6_ADDRSTRLEN];

	json_key(w, key);
	if (!ip->af) {
		json_null(w);
		return;
	}
	cfg_ip_format(ip, buf, sizeof(buf));
	json_str(w, buf);
}

static void kv_script(struct json_writer *w, const char *key, const struct cfg_script *s)
{
	json_key(w, key);
	if (!s->cmd) {
		json_null(w);
		return;
	}
	json_obj_begin(w);
	json_kv_str(w, "cmd", s->cmd);
	json_kv_str(w, "user", s->user);
	json_kv_str(w, "group", s->group);
	json_obj_end(w);
}

static void kv_ms(struct json_writer *w, const char *key, uint64_t us)
{
	json_kv_int(w, key, (int64_t)(us / 1000));
}

static void dump_fwd(struct json_writer *w, const struct cfg_fwd_method *f)
{
	json_key(w, "lvs_method");
	json_obj_begin(w);
	json_kv_str(w, "kind", fwd_names[f->kind]);
	if (f->kind == CFG_FWD_TUN) {
		json_kv_str(w, "type", tun_names[f->tun_type]);
		json_kv_int(w, "port", f->tun_port);
		json_kv_str(w, "csum", csum_names[f->tun_csum]);
	}
	json_obj_end(w);
}

static void dump_timing(struct json_writer *w, const struct cfg_timing *t)
{
	kv_ms(w, "connect_timeout_ms", t->connect_timeout);
	kv_ms(w, "delay_loop_ms", t->delay_loop);
	kv_ms(w, "delay_before_retry_ms", t->delay_before_retry);
	kv_ms(w, "warmup_ms", t->warmup);
	json_kv_int(w, "retry", t->retry);
}

static void dump_check(struct json_writer *w, const struct cfg_check *c)
{
	json_obj_begin(w);
	json_kv_str(w, "kind", cfg_check_kind_name(c->kind));
	kv_ip(w, "connect_ip", &c->conn->connect_ip);
	json_kv_int(w, "connect_port", c->connect_port);
	kv_ip(w, "bindto", &c->conn->bindto);
	json_kv_int(w, "bind_port", c->conn->bind_port);
	json_kv_int(w, "fwmark", c->conn->fwmark);
	if (c->kind == CFG_CHECK_TCP)
		json_kv_bool(w, "full_handshake", c->conn->full_handshake);
	json_kv_bool(w, "alpha", c->alpha);
	dump_timing(w, &c->timing);
	if (c->kind == CFG_CHECK_HTTP || c->kind == CFG_CHECK_SSL) {
		json_key(w, "urls");
		json_arr_begin(w);
		for (size_t i = 0; i < c->http->nurls; i++) {
			json_obj_begin(w);
			json_kv_str(w, "path", c->http->urls[i].path);
			json_kv_str(w, "digest", c->http->urls[i].digest);
			json_kv_str(w, "virtualhost", c->http->urls[i].virtualhost);
			if (c->http->urls[i].regex.pattern) {
				json_kv_str(w, "regex", c->http->urls[i].regex.pattern);
				json_kv_bool(w, "regex_no_match", c->http->urls[i].regex.no_match);
			}
			json_obj_end(w);
		}
		json_arr_end(w);
		json_kv_bool(w, "enable_sni", c->http->enable_sni);
	}
	if (c->kind == CFG_CHECK_MISC) {
		kv_script(w, "misc_path", &c->misc->misc);
		kv_ms(w, "misc_timeout_ms", c->misc->misc_timeout);
		json_kv_bool(w, "misc_dynamic", c->misc->misc_dynamic);
	}
	if (c->kind == CFG_CHECK_DNS) {
		json_kv_str(w, "type", c->dns->dns_type ? c->dns->dns_type : "SOA");
		json_kv_str(w, "name", c->dns->dns_name ? c->dns->dns_name : ".");
	}
	if (c->kind == CFG_CHECK_WG) {
		json_kv_bool(w, "preshared_key", c->wg->wg_has_psk);
		kv_ip(w, "tunnel_ping", &c->wg->tunnel_ping);
		kv_ip(w, "tunnel_source", &c->wg->tunnel_source);
	}
	json_obj_end(w);
}

static void dump_rs(struct json_writer *w, const struct cfg_rs *rs)
{
	json_obj_begin(w);
	kv_ip(w, "address", &rs->addr);
	json_kv_int(w, "port", rs->port);
	json_kv_int(w, "weight", rs->weight);
	dump_fwd(w, &rs->fwd);
	json_kv_int(w, "uthreshold", rs->uthreshold);
	json_kv_int(w, "lthreshold", rs->lthreshold);
	json_kv_bool(w, "inhibit_on_failure", rs->inhibit_on_failure);
	json_kv_bool(w, "drain", rs->drain);
	json_kv_bool(w, "smtp_alert", rs->smtp_alert == CFG_TRI_YES);
	kv_script(w, "notify_up", &rs->opt->notify_up);
	kv_script(w, "notify_down", &rs->opt->notify_down);
	json_key(w, "checks");
	json_arr_begin(w);
	for (size_t i = 0; i < rs->nchecks; i++)
		dump_check(w, &rs->checks[i]);
	json_arr_end(w);
	json_obj_end(w);
}

static const char *proto_name(int p)
{
	return p == IPPROTO_UDP ? "UDP" : p == IPPROTO_SCTP ? "SCTP" : "TCP";
}

static void dump_vs(struct json_writer *w, const struct cfg_vs *vs)
{
	json_obj_begin(w);
	json_kv_str(w, "family", vs->af == AF_INET6 ? "inet6" : "inet");
	kv_ip(w, "address", &vs->addr);
	json_kv_int(w, "port", vs->port);
	json_kv_int(w, "fwmark", vs->fwmark);
	json_kv_str(w, "group", vs->group);
	json_kv_str(w, "protocol", proto_name(vs->protocol));
	json_kv_str(w, "lvs_sched", vs->sched);
	json_kv_int(w, "sched_flags", vs->sched_flags);
	json_kv_bool(w, "ops", vs->ops);
	dump_fwd(w, &vs->fwd);
	json_kv_bool(w, "persistent", vs->persistent);
	json_kv_int(w, "persistence_timeout", vs->persistence_timeout);
	kv_ip(w, "persistence_granularity", &vs->persistence_granularity);
	json_kv_int(w, "persistence_prefix", vs->persistence_prefix);
	json_kv_str(w, "persistence_engine", vs->persistence_engine);
	json_kv_int(w, "quorum", vs->quorum);
	json_kv_int(w, "hysteresis", vs->hysteresis);
	json_kv_bool(w, "alpha", vs->alpha);
	json_kv_bool(w, "omega", vs->omega);
	json_kv_bool(w, "inhibit_on_failure", vs->inhibit_on_failure);
	json_kv_bool(w, "ha_suspend", vs->ha_suspend);
	json_kv_bool(w, "smtp_alert", vs->smtp_alert == CFG_TRI_YES);
	json_key(w, "sorry_server");
	if (vs->sorry)
		dump_rs(w, vs->sorry);
	else
		json_null(w);
	json_key(w, "real_servers");
	json_arr_begin(w);
	for (size_t i = 0; i < vs->nrs; i++)
		dump_rs(w, &vs->rs[i]);
	json_arr_end(w);
	json_obj_end(w);
}

static void dump_vips(struct json_writer *w, const char *key, const struct cfg_vip *v, size_t n)
{
	json_key(w, key);
	json_arr_begin(w);
	for (size_t i = 0; i < n; i++) {
		json_obj_begin(w);
		kv_ip(w, "address", &v[i].addr);
		json_kv_int(w, "prefix", v[i].plen);
		kv_ip(w, "broadcast", &v[i].brd);
		json_kv_str(w, "dev", v[i].dev);
		json_kv_str(w, "scope", v[i].scope);
		json_kv_str(w, "label", v[i].label);
		if (v[i].track_group)
			json_kv_str(w, "track_group", v[i].track_group);
		json_obj_end(w);
	}
	json_arr_end(w);
}

static void dump_tracks(struct json_writer *w, const char *key, const struct cfg_track *t, size_t n)
{
	json_key(w, key);
	json_arr_begin(w);
	for (size_t i = 0; i < n; i++) {
		json_obj_begin(w);
		json_kv_str(w, "name", t[i].name);
		if (t[i].weight_set)
			json_kv_int(w, "weight", t[i].weight);
		else
			json_kv_str(w, "weight", NULL);
		json_kv_bool(w, "reverse", t[i].reverse);
		json_obj_end(w);
	}
	json_arr_end(w);
}

/* routes and rules as `ip route` / `ip rule` would say them */
static void dump_routes(struct json_writer *w, const char *rkey, const char *ukey,
			const struct cfg_routes *rt)
{
	char buf[256];

	json_key(w, rkey);
	json_arr_begin(w);
	for (size_t i = 0; i < rt->nroutes; i++) {
		cfg_route_format(&rt->routes[i], buf, sizeof(buf));
		json_str(w, buf);
	}
	json_arr_end(w);
	json_key(w, ukey);
	json_arr_begin(w);
	for (size_t i = 0; i < rt->nrules; i++) {
		cfg_rule_format(&rt->rules[i], buf, sizeof(buf));
		json_str(w, buf);
	}
	json_arr_end(w);
}

static void dump_track_groups(struct json_writer *w, const struct config *cfg)
{
	json_key(w, "track_groups");
	json_arr_begin(w);
	for (size_t i = 0; i < cfg->ntrack_groups; i++) {
		json_obj_begin(w);
		json_kv_str(w, "name", cfg->track_groups[i].name);
		json_key(w, "group");
		json_arr_begin(w);
		for (size_t k = 0; k < cfg->track_groups[i].ninsts; k++)
			json_str(w, cfg->track_groups[i].insts[k]);
		json_arr_end(w);
		json_obj_end(w);
	}
	json_arr_end(w);
}

static void dump_vrrp(struct json_writer *w, const struct cfg_vrrp *vr)
{
	json_obj_begin(w);
	json_kv_str(w, "name", vr->name);
	json_kv_str(w, "state", vr->state == CFG_VRRP_MASTER ? "MASTER" : "BACKUP");
	json_kv_str(w, "interface", vr->ifname);
	json_kv_int(w, "virtual_router_id", vr->vrid);
	json_kv_int(w, "priority", vr->priority);
	json_kv_int(w, "version", vr->version);
	kv_ms(w, "advert_int_ms", vr->advert_int);
	json_kv_bool(w, "preempt", !vr->nopreempt);
	kv_ms(w, "preempt_delay_ms", vr->preempt_delay);
	json_kv_bool(w, "accept", vr->accept);
	json_kv_bool(w, "strict_mode", vr->strict > 0);
	json_kv_bool(w, "skip_check_adv_addr", vr->skip_check_adv_addr > 0);
	json_kv_int(w, "kernel_rx_buf_size", vr->kernel_rx_buf_size);
	kv_ip(w, "unicast_src_ip", &vr->unicast_src_ip);
	json_key(w, "unicast_peers");
	json_arr_begin(w);
	for (size_t i = 0; i < vr->npeers; i++) {
		char buf[INET6_ADDRSTRLEN];
		cfg_ip_format(&vr->unicast_peers[i], buf, sizeof(buf));
		json_str(w, buf);
	}
	json_arr_end(w);
	dump_vips(w, "virtual_ipaddress", vr->vips, vr->nvips);
	dump_vips(w, "virtual_ipaddress_excluded", vr->evips, vr->nevips);
	dump_routes(w, "virtual_routes", "virtual_rules", &vr->vroutes);
	dump_tracks(w, "track_interface", vr->track.ifs, vr->track.nifs);
	dump_tracks(w, "track_script", vr->track.scripts, vr->track.nscripts);
	dump_tracks(w, "track_file", vr->track.files, vr->track.nfiles);
	dump_tracks(w, "track_process", vr->track.procs, vr->track.nprocs);
	dump_tracks(w, "track_bfd", vr->track.bfds, vr->track.nbfds);
	json_kv_bool(w, "use_vmac", vr->use_vmac);
	json_kv_bool(w, "use_vmac_addr", vr->use_vmac_addr);
	json_kv_bool(w, "smtp_alert", vr->smtp_alert == CFG_TRI_YES);
	kv_ms(w, "garp_master_delay_ms", (uint64_t)vr->tune.garp_master_delay);
	json_kv_int(w, "garp_master_repeat", vr->tune.garp_master_repeat);
	json_kv_int(w, "down_timer_adverts", vr->tune.down_timer_adverts);
	kv_script(w, "notify_master", &vr->notify_master);
	kv_script(w, "notify_backup", &vr->notify_backup);
	kv_script(w, "notify_fault", &vr->notify_fault);
	json_obj_end(w);
}

/* unset values are null: keeld fills in the host name */
static void dump_smtp(struct json_writer *w, const struct cfg_smtp *s)
{
	json_key(w, "email_alerts");
	json_obj_begin(w);
	json_key(w, "notification_email");
	json_arr_begin(w);
	for (size_t i = 0; i < s->nto; i++)
		json_str(w, s->to[i]);
	json_arr_end(w);
	json_kv_str(w, "notification_email_from", s->from);
	kv_ip(w, "smtp_server", &s->server);
	json_kv_int(w, "smtp_port", s->port);
	json_kv_str(w, "smtp_helo_name", s->helo);
	json_kv_int(w, "smtp_connect_timeout", s->connect_timeout_s);
	json_kv_bool(w, "no_email_faults", s->no_email_faults);
	json_kv_bool(w, "no_checker_emails", s->no_checker_emails);
	json_obj_end(w);
}

static const char *const rx_policy[] = { "default", "MTU", "ADVERT", "size" };

static void dump_global(struct json_writer *w, const struct cfg_global *g)
{
	json_key(w, "global_defs");
	json_obj_begin(w);
	json_kv_str(w, "router_id", g->router_id);
	json_kv_str(w, "default_interface", g->default_interface);
	json_kv_bool(w, "reload_check_config", g->reload_check_config);
	json_kv_str(w, "reload_check_log", g->reload_check_log);
	json_key(w, "nftables");
	json_obj_begin(w);
	json_kv_str(w, "table", g->nft.table);
	json_kv_int(w, "priority", g->nft.priority);
	json_kv_bool(w, "counters", g->nft.counters);
	json_kv_bool(w, "ifindex", g->nft.ifindex);
	json_obj_end(w);
	json_kv_str(w, "net_namespace", g->net_namespace);
	if (g->net_namespace_ipvs_set)
		json_kv_str(w, "net_namespace_ipvs", g->net_namespace_ipvs ? g->net_namespace_ipvs : "");
	else
		json_kv_str(w, "net_namespace_ipvs", NULL);
	json_kv_str(w, "instance", g->instance);
	json_kv_bool(w, "use_pid_dir", g->use_pid_dir);
	json_kv_bool(w, "namespace_with_ipsets", g->namespace_with_ipsets);
	json_kv_str(w, "script_user", g->script_user);
	json_kv_bool(w, "enable_script_security", g->enable_script_security);
	json_kv_int(w, "lvs_timeout_tcp", g->lvs_timeout_tcp);
	json_kv_int(w, "lvs_timeout_tcpfin", g->lvs_timeout_tcpfin);
	json_kv_int(w, "lvs_timeout_udp", g->lvs_timeout_udp);
	json_kv_bool(w, "lvs_flush", g->lvs_flush);
	json_kv_int(w, "lvs_expire_nodest_conn", g->lvs_expire_nodest_conn);
	json_kv_int(w, "lvs_expire_quiescent_template", g->lvs_expire_quiescent_template);
	json_kv_int(w, "lvs_conntrack", g->lvs_conntrack);
	json_kv_str(w, "lvs_flush_onstop", g->lvs_flush_onstop == CFG_FLUSH_ONSTOP_ALL ? "ALL"
					  : g->lvs_flush_onstop == CFG_FLUSH_ONSTOP_VS ? "VS" : "no");
	json_key(w, "lvs_sync_daemon");
	if (!g->lvs_sync.set) {
		json_null(w);
	} else {
		json_obj_begin(w);
		json_kv_str(w, "interface", g->lvs_sync.ifname);
		json_kv_str(w, "instance", g->lvs_sync.instance);
		json_kv_int(w, "id", g->lvs_sync.syncid);
		json_kv_int(w, "maxlen", g->lvs_sync.maxlen);
		kv_ip(w, "group", &g->lvs_sync.mcast_group);
		json_kv_int(w, "port", g->lvs_sync.mcast_port);
		json_kv_int(w, "ttl", g->lvs_sync.mcast_ttl);
		json_obj_end(w);
	}
	json_kv_int(w, "vrrp_version", g->vrrp_version);
	json_kv_bool(w, "vrrp_strict", g->vrrp_strict);
	json_kv_bool(w, "vrrp_skip_check_adv_addr", g->vrrp_skip_check_adv_addr);
	json_kv_str(w, "vrrp_rx_bufs_policy", rx_policy[g->vrrp_rx_bufs_policy]);
	json_kv_int(w, "vrrp_rx_bufs_size", g->vrrp_rx_bufs_size);
	json_kv_int(w, "vrrp_rx_bufs_multiplier", g->vrrp_rx_bufs_multiplier);
	json_kv_str(w, "vmac_prefix", g->vmac_prefix);
	json_kv_str(w, "vmac_addr_prefix", g->vmac_addr_prefix);
	dump_smtp(w, &g->smtp);
	json_obj_end(w);
}

/* The password is a secret: only whether there is one. */
static void dump_ssl(struct json_writer *w, const struct cfg_ssl *s)
{
	json_key(w, "ssl");
	if (!s->set) {
		json_null(w);
		return;
	}
	json_obj_begin(w);
	json_kv_str(w, "ca", s->ca);
	json_kv_str(w, "certificate", s->certificate);
	json_kv_str(w, "key", s->key);
	json_kv_bool(w, "password", s->password != NULL);
	json_obj_end(w);
}

void cfg_dump(const struct config *cfg, struct json_writer *w)
{
	json_obj_begin(w);
	dump_global(w, &cfg->global);
	dump_vips(w, "static_ipaddress", cfg->static_addrs, cfg->nstatic_addrs);
	dump_routes(w, "static_routes", "static_rules", &cfg->static_rt);
	dump_track_groups(w, cfg);
	dump_ssl(w, &cfg->global.ssl);
	json_key(w, "vrrp_instances");
	json_arr_begin(w);
	for (size_t i = 0; i < cfg->nvrrp; i++)
		dump_vrrp(w, &cfg->vrrp[i]);
	json_arr_end(w);
	json_key(w, "vrrp_scripts");
	json_arr_begin(w);
	for (size_t i = 0; i < cfg->nscripts; i++) {
		const struct cfg_vrrp_script *s = &cfg->scripts[i];
		json_obj_begin(w);
		json_kv_str(w, "name", s->name);
		kv_script(w, "script", &s->script);
		kv_ms(w, "interval_ms", s->interval);
		kv_ms(w, "timeout_ms", s->timeout);
		json_kv_int(w, "weight", s->weight);
		json_kv_int(w, "rise", s->rise);
		json_kv_int(w, "fall", s->fall);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_key(w, "virtual_servers");
	json_arr_begin(w);
	for (size_t i = 0; i < cfg->nvs; i++)
		dump_vs(w, &cfg->vs[i]);
	json_arr_end(w);
	json_obj_end(w);
}
