// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "status.h"

static void iso_time(time_t t, char *buf, size_t len)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S%z", &tm);
}

void status_json(const struct status_snapshot *s, struct json_writer *w)
{
	char when[40];

	json_kv_str(w, "version", s->version);
	json_kv_int(w, "pid", s->pid);
	json_kv_int(w, "uptime_s", s->uptime_s);
	json_kv_str(w, "config", s->config_path);
	json_kv_int(w, "virtual_servers", (int64_t)s->virtual_servers);
	json_kv_int(w, "real_servers", (int64_t)s->real_servers);
	json_kv_int(w, "vrrp_instances", (int64_t)s->vrrp_instances);
	json_kv_int(w, "reloads", s->reloads);
	json_kv_int(w, "reload_failures", s->reload_failures);
	iso_time(s->last->when, when, sizeof(when));
	json_key(w, "last_load");
	json_obj_begin(w);
	json_kv_bool(w, "ok", s->last->ok);
	json_kv_str(w, "time", when);
	json_kv_int(w, "errors", s->last->errors);
	json_kv_int(w, "warnings", s->last->warnings);
	json_kv_str(w, "first_error", s->last->first_error);
	json_obj_end(w);
	json_key(w, "sync_daemon");
	if (!s->sync_role) {
		json_str(w, NULL);
	} else {
		json_obj_begin(w);
		json_kv_str(w, "running", s->sync_role);
		json_kv_str(w, "interface", s->sync_ifname);
		json_kv_int(w, "syncid", s->sync_id);
		json_kv_int(w, "sweeps", (int64_t)s->sync_sweeps);
		json_obj_end(w);
	}
	json_key(w, "ipvs");
	if (!s->ipvs) {
		json_str(w, NULL);
		return;
	}
	json_obj_begin(w);
	json_kv_bool(w, "kernel", s->ipvs->kernel_ok);
	json_kv_int(w, "services", (int64_t)s->ipvs->services);
	json_kv_int(w, "dests", (int64_t)s->ipvs->dests);
	json_kv_int(w, "applies", (int64_t)s->ipvs->applies);
	json_kv_int(w, "ops_sent", (int64_t)s->ipvs->ops_sent);
	json_kv_int(w, "ops_failed", (int64_t)s->ipvs->ops_failed);
	json_kv_int(w, "drift_repairs", (int64_t)s->ipvs->drift_repairs);
	json_kv_int(w, "drift_check_ms", (int64_t)s->ipvs->drift_interval_ms);
	json_kv_int(w, "drift_checks", (int64_t)s->ipvs->drift_checks);
	json_kv_int(w, "drift_quick_checks", (int64_t)s->ipvs->drift_quick_checks);
	json_kv_int(w, "table_reads", (int64_t)s->ipvs->dumps);
	json_kv_int(w, "netlink_requests", (int64_t)s->ipvs->nl_requests);
	json_kv_int(w, "netlink_dump_requests", (int64_t)s->ipvs->nl_dump_requests);
	iso_time(s->ipvs->last_apply, when, sizeof(when));
	json_kv_str(w, "last_apply", s->ipvs->last_apply ? when : NULL);
	json_kv_str(w, "last_error", s->ipvs->last_error[0] ? s->ipvs->last_error : NULL);
	json_obj_end(w);
}

static void format_uptime(int64_t s, char *buf, size_t len)
{
	if (s >= 86400)
		snprintf(buf, len, "%lldd %02lld:%02lld:%02lld", (long long)(s / 86400),
			 (long long)(s % 86400 / 3600), (long long)(s % 3600 / 60), (long long)(s % 60));
	else
		snprintf(buf, len, "%02lld:%02lld:%02lld", (long long)(s / 3600),
			 (long long)(s % 3600 / 60), (long long)(s % 60));
}

static void ipvs_line(const struct ipvs_sync_stats *st, char *buf, size_t len)
{
	char when[40];

	if (!st) {
		snprintf(buf, len, "not driven (-P: VRRP only)");
		return;
	}
	if (!st->kernel_ok) {
		snprintf(buf, len, "not available in this kernel");
		return;
	}
	iso_time(st->last_apply, when, sizeof(when));
	snprintf(buf, len, "%zu services, %zu real servers; %llu operations sent (%llu failed), "
		 "%llu drift repairs, last change %s%s%s",
		 st->services, st->dests, (unsigned long long)st->ops_sent,
		 (unsigned long long)st->ops_failed, (unsigned long long)st->drift_repairs,
		 st->last_apply ? when : "never", st->last_error[0] ? "; last error: " : "", st->last_error);
}

char *status_text(const struct status_snapshot *s)
{
	char when[40], up[40], ipvs[512], sync[128], *text = NULL;
	int n;

	iso_time(s->last->when, when, sizeof(when));
	format_uptime(s->uptime_s, up, sizeof(up));
	ipvs_line(s->ipvs, ipvs, sizeof(ipvs));
	if (s->sync_role)
		snprintf(sync, sizeof(sync), "sync daemon: %s on %s (syncid %u, %llu sweeps)\n",
			 s->sync_role, s->sync_ifname ? s->sync_ifname : "?", s->sync_id,
			 (unsigned long long)s->sync_sweeps);
	else
		sync[0] = '\0';
	n = asprintf(&text,
		     "keeld %s, pid %ld, up %s\n"
		     "config:      %s\n"
		     "model:       %zu virtual servers, %zu real servers, %zu VRRP instances\n"
		     "last load:   %s at %s (%u errors, %u warnings)\n"
		     "%s%s%s"
		     "reloads:     %u ok, %u failed\n"
		     "ipvs:        %s\n"
		     "%s",
		     s->version, s->pid, up, s->config_path,
		     s->virtual_servers, s->real_servers, s->vrrp_instances,
		     s->last->ok ? "ok" : "FAILED, previous config still serving",
		     when, s->last->errors, s->last->warnings,
		     s->last->first_error ? "first error: " : "",
		     s->last->first_error ? s->last->first_error : "",
		     s->last->first_error ? "\n" : "",
		     s->reloads, s->reload_failures, ipvs, sync);
	return n < 0 ? NULL : text;
}
