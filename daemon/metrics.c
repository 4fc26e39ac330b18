// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>

#include "metrics.h"

static void head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A label value: backslash, quote and newline escaped, as the format asks */
static void label(FILE *f, const char *key, const char *value, bool first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", key);
	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == '"')
			fputc('\\', f);
		if (*p == '\n')
			fputs("\\n", f);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void addr_port(const struct cfg_ip *ip, uint16_t port, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	cfg_ip_format(ip, a, sizeof(a));
	snprintf(buf, len, ip->af == AF_INET6 ? "[%s]:%u" : "%s:%u", a, port);
}

/* As ipvsadm names a service: "TCP 10.0.0.1:80", "FWM 1"; a group by name */
static void vs_name(const struct cfg_vs *vs, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN + 8];
	const char *proto = vs->protocol == IPPROTO_TCP ? "TCP" : vs->protocol == IPPROTO_SCTP ? "SCTP" : "UDP";

	if (vs->kind == CFG_VS_FWMARK) {
		snprintf(buf, len, "FWM %" PRIu32, vs->fwmark);
	} else if (vs->kind == CFG_VS_GROUP) {
		snprintf(buf, len, "group %s", vs->group);
	} else {
		addr_port(&vs->addr, vs->port, a, sizeof(a));
		snprintf(buf, len, "%s %s", proto, a);
	}
}

static void daemon_part(FILE *f, const struct status_snapshot *s)
{
	head(f, "keel_info", "gauge", "keeld's version; always 1");
	fprintf(f, "keel_info{");
	label(f, "version", s->version, true);
	fprintf(f, "} 1\n");
	head(f, "keel_uptime_seconds", "gauge", "seconds since keeld started");
	fprintf(f, "keel_uptime_seconds %" PRId64 "\n", s->uptime_s);
	head(f, "keel_reloads_total", "counter", "configuration reloads that took effect");
	fprintf(f, "keel_reloads_total %u\n", s->reloads);
	head(f, "keel_reload_failures_total", "counter", "reloads refused for errors (the old config kept serving)");
	fprintf(f, "keel_reload_failures_total %u\n", s->reload_failures);
	head(f, "keel_config_last_load_ok", "gauge", "1 when the last load or reload had no error");
	fprintf(f, "keel_config_last_load_ok %d\n", s->last && s->last->ok ? 1 : 0);
	if (!s->ipvs)
		return;
	head(f, "keel_ipvs_kernel_ok", "gauge", "1 when the kernel's IPVS answers");
	fprintf(f, "keel_ipvs_kernel_ok %d\n", s->ipvs->kernel_ok ? 1 : 0);
	head(f, "keel_ipvs_services", "gauge", "IPVS services keeld declares");
	fprintf(f, "keel_ipvs_services %zu\n", s->ipvs->services);
	head(f, "keel_ipvs_destinations", "gauge", "IPVS destinations keeld declares");
	fprintf(f, "keel_ipvs_destinations %zu\n", s->ipvs->dests);
	head(f, "keel_ipvs_operations_total", "counter", "IPVS netlink operations sent");
	fprintf(f, "keel_ipvs_operations_total %" PRIu64 "\n", s->ipvs->ops_sent);
	head(f, "keel_ipvs_operation_failures_total", "counter", "IPVS operations the kernel refused");
	fprintf(f, "keel_ipvs_operation_failures_total %" PRIu64 "\n", s->ipvs->ops_failed);
	head(f, "keel_ipvs_drift_repairs_total", "counter", "times the kernel's table was found changed behind keeld's back and repaired");
	fprintf(f, "keel_ipvs_drift_repairs_total %" PRIu64 "\n", s->ipvs->drift_repairs);
	if (s->sync_role) {
		head(f, "keel_ipvs_sync_sweeps_total", "counter", "failed servers' synced entries swept on the backup");
		fprintf(f, "keel_ipvs_sync_sweeps_total %" PRIu64 "\n", s->sync_sweeps);
	}
}

static void vrrp_labels(FILE *f, const struct vrrp_inst_view *v)
{
	char vrid[8];

	snprintf(vrid, sizeof(vrid), "%u", v->vrid);
	fputc('{', f);
	label(f, "instance", v->name, true);
	label(f, "interface", v->ifname, false);
	label(f, "vrid", vrid, false);
	fputc('}', f);
}

static void vrrp_part(FILE *f, const struct vrrp_inst_view *vs, size_t n)
{
	static const struct {
		const char *name, *type, *help;
	} m[] = {
		{ "keel_vrrp_state", "gauge", "0 init, 1 backup, 2 master, 3 fault, 4 stop" },
		{ "keel_vrrp_master", "gauge", "1 while the instance is master" },
		{ "keel_vrrp_priority", "gauge", "effective priority (configured plus tracking weights)" },
		{ "keel_vrrp_adverts_received_total", "counter", "valid adverts received" },
		{ "keel_vrrp_adverts_invalid_total", "counter", "adverts dropped as invalid" },
		{ "keel_vrrp_adverts_sent_total", "counter", "adverts sent" },
	};

	for (size_t k = 0; n && k < sizeof(m) / sizeof(m[0]); k++) {
		head(f, m[k].name, m[k].type, m[k].help);
		for (size_t i = 0; i < n; i++) {
			const struct vrrp_inst_view *v = &vs[i];
			uint64_t val[] = { (uint64_t)v->state, v->state == VRRP_STATE_MASTER, v->priority,
					   v->rx_ok, v->rx_bad, v->tx };

			fputs(m[k].name, f);
			vrrp_labels(f, v);
			fprintf(f, " %" PRIu64 "\n", val[k]);
		}
	}
}

static void rs_line(FILE *f, const char *metric, const char *vs, const char *rs, long long value)
{
	fprintf(f, "%s{", metric);
	label(f, "virtual_server", vs, true);
	label(f, "real_server", rs, false);
	fprintf(f, "} %lld\n", value);
}

static void servers_part(FILE *f, const struct config *cfg, const struct ipvs_health *h)
{
	char vn[160], rn[64];

	if (!cfg->nvs)
		return;
	head(f, "keel_virtual_server_quorum", "gauge", "1 while the virtual server has quorum");
	for (size_t v = 0; v < cfg->nvs; v++) {
		vs_name(&cfg->vs[v], vn, sizeof(vn));
		fprintf(f, "keel_virtual_server_quorum{");
		label(f, "virtual_server", vn, true);
		fprintf(f, "} %d\n", ipvs_vs_quorum(h, cfg, v) ? 1 : 0);
	}
	for (int k = 0; k < 3; k++) {
		static const char *const names[] = { "keel_real_server_up", "keel_real_server_weight",
						     "keel_real_server_drained" };
		static const char *const help[] = { "1 while the checks say the real server is up",
						    "the weight its checks give it (0 when down)",
						    "1 while drained (config or keelctl drain): weight 0 in IPVS" };

		head(f, names[k], "gauge", help[k]);
		for (size_t v = 0; v < cfg->nvs; v++) {
			vs_name(&cfg->vs[v], vn, sizeof(vn));
			for (size_t r = 0; r < cfg->vs[v].nrs; r++) {
				const struct cfg_rs *rs = &cfg->vs[v].rs[r];
				struct rs_health rh = ipvs_rs_health(h, cfg, v, r);
				long long val[] = { rh.alive, rh.alive ? rh.weight : 0, ipvs_rs_drained(h, rs) };

				addr_port(&rs->addr, rs->port, rn, sizeof(rn));
				rs_line(f, names[k], vn, rn, val[k]);
			}
		}
	}
}

char *metrics_text(const struct metrics_in *in)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	daemon_part(f, in->status);
	vrrp_part(f, in->vrrp, in->nvrrp);
	if (in->cfg)
		servers_part(f, in->cfg, in->health);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
