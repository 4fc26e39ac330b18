// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipvs_fmt.h"
#include "ipvs_plan.h"
#include "ipvs_sync.h"
#include "log.h"
#include "nl_ipvs.h"

/* The drift check dumps the whole table: every second while that is cheap,
 * and never more than a tenth of the time once dumps get long. */
#define DRIFT_CHECK_MIN_US 1000000ull
#define DRIFT_CHECK_MAX_US 30000000ull
#define DRIFT_CHECK_DUTY 10

struct ipvs_sync {
	struct nl_ipvs *nl;
	struct event *drift_timer;
	struct ipvs_table desired;	/* what the kernel should hold now */
	struct ipvs_table owned;	/* what keel declared and may delete */
	struct ipvs_sync_stats st;
};

static void set_error(struct ipvs_sync *s, const char *what, int err)
{
	snprintf(s->st.last_error, sizeof(s->st.last_error), "%s: %s", what, strerror(-err));
}

/* owned := owned ∪ desired: keel may delete what it declared before. */
static int own_desired(struct ipvs_sync *s)
{
	for (size_t i = 0; i < s->desired.n; i++) {
		const struct ipvs_entry *e = &s->desired.ent[i];
		struct ipvs_entry *o = ipvs_table_find(&s->owned, &e->svc);
		int rc = o ? 0 : ipvs_table_insert(&s->owned, &e->svc, &o);
		for (size_t j = 0; rc == 0 && j < e->ndests; j++) {
			rc = ipvs_entry_insert(o, &e->dests[j]);
			if (rc == -EEXIST)
				rc = 0;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int reconcile(struct ipvs_sync *s, bool drift_check)
{
	struct ipvs_table observed = { 0 };
	struct ipvs_ops ops = { 0 };
	struct ipvs_owner owner;
	int rc, failed;

	if (!s->nl)
		return -ENOENT;
	rc = nl_ipvs_dump(s->nl, &observed);
	if (rc < 0) {
		set_error(s, "dump", rc);
		log_warnx("ipvs: cannot read the kernel's table: %s", strerror(-rc));
		goto out;
	}
	ipvs_owner_table(&owner, &s->owned);
	rc = ipvs_plan(&s->desired, &observed, &owner, &ops);
	if (rc < 0 || ops.n == 0)
		goto out;
	if (drift_check) {
		s->st.drift_repairs++;
		log_warnx("ipvs: the kernel's table drifted from keeld's; repairing with %zu operations", ops.n);
	}
	failed = nl_ipvs_apply(s->nl, &ops, NULL);	/* logs each failure itself */
	s->st.applies++;
	s->st.ops_sent += ops.n;
	s->st.last_apply = time(NULL);
	s->st.last_error[0] = '\0';
	if (failed != 0) {
		s->st.ops_failed += failed > 0 ? (uint64_t)failed : ops.n;
		snprintf(s->st.last_error, sizeof(s->st.last_error), "%d of %zu operations failed (see the log)",
			 failed > 0 ? failed : (int)ops.n, ops.n);
		rc = -EIO;
	} else {
		log_debug("ipvs: applied %zu operations", ops.n);
	}
out:
	ipvs_ops_free(&ops);
	ipvs_table_free(&observed);
	return rc;
}

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void arm_drift_check(struct ipvs_sync *s, uint64_t took_us)
{
	uint64_t next = took_us * DRIFT_CHECK_DUTY;
	struct timeval tv;

	if (next < DRIFT_CHECK_MIN_US)
		next = DRIFT_CHECK_MIN_US;
	if (next > DRIFT_CHECK_MAX_US)
		next = DRIFT_CHECK_MAX_US;
	s->st.drift_interval_ms = next / 1000;
	tv.tv_sec = (time_t)(next / 1000000u);
	tv.tv_usec = (suseconds_t)(next % 1000000u);
	if (event_add(s->drift_timer, &tv) < 0)
		log_warnx("ipvs: cannot arm the drift check; changes behind keeld's back stay");
}

static void on_drift_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ipvs_sync *s = arg;
	uint64_t t0 = mono_us();

	reconcile(s, true);
	arm_drift_check(s, mono_us() - t0);
}

/* The IPVS sysctls of keeld's network namespace; -1 leaves one alone. */
static void set_sysctls(const struct cfg_global *g)
{
	const struct { const char *name; int8_t v; } ctl[] = {
		{ "expire_nodest_conn", g->lvs_expire_nodest_conn },
		{ "expire_quiescent_template", g->lvs_expire_quiescent_template },
		{ "conntrack", g->lvs_conntrack },
	};
	char path[96];

	for (size_t i = 0; i < sizeof(ctl) / sizeof(ctl[0]); i++) {
		if (ctl[i].v < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/sys/net/ipv4/vs/%s", ctl[i].name);
		FILE *f = fopen(path, "we");
		bool ok = f && fprintf(f, "%d\n", ctl[i].v) > 0;
		if (f && fclose(f) != 0)
			ok = false;
		if (!ok)
			log_warn("ipvs: cannot set %s", path);
	}
}

static void start_actions(struct ipvs_sync *s, const struct config *cfg)
{
	const struct cfg_global *g = &cfg->global;
	struct ipvs_timeouts to = { .tcp = g->lvs_timeout_tcp, .tcp_fin = g->lvs_timeout_tcpfin,
				    .udp = g->lvs_timeout_udp };
	int rc;

	set_sysctls(g);
	if (g->lvs_flush && (rc = nl_ipvs_flush(s->nl)) < 0)
		log_warnx("ipvs: lvs_flush: %s", strerror(-rc));
	if ((to.tcp || to.tcp_fin || to.udp) && (rc = nl_ipvs_set_timeouts(s->nl, &to)) < 0)
		log_warnx("ipvs: lvs_timeouts: %s", strerror(-rc));
}

struct ipvs_sync *ipvs_sync_new(struct event_base *base, const struct config *cfg)
{
	struct ipvs_sync *s = calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return NULL;
	rc = nl_ipvs_open(&s->nl);
	if (rc < 0) {
		s->nl = NULL;
		if (cfg->nvs > 0)
			log_warnx("ipvs: not available (%s): virtual servers are not programmed",
				  strerror(-rc));
		return s;
	}
	s->st.kernel_ok = true;
	start_actions(s, cfg);
	s->drift_timer = event_new(base, -1, 0, on_drift_timer, s);
	if (s->drift_timer)
		arm_drift_check(s, 0);
	else
		log_warnx("ipvs: cannot arm the drift check; changes behind keeld's back stay");
	return s;
}

int ipvs_sync_apply(struct ipvs_sync *s, const struct config *cfg, const struct ipvs_health *health)
{
	struct ipvs_table next = { 0 };
	int rc = ipvs_desired(cfg, health, &next);

	if (rc < 0) {
		set_error(s, "desired state", rc);
		log_warnx("ipvs: cannot build the desired table: %s", strerror(-rc));
		return rc;
	}
	ipvs_table_free(&s->desired);
	s->desired = next;
	s->st.services = s->desired.n;
	s->st.dests = ipvs_table_ndests(&s->desired);
	rc = own_desired(s);
	if (rc < 0)
		return rc;
	rc = reconcile(s, false);
	/* what keel declared and no longer wants is gone now: stop owning it */
	if (rc == 0) {
		ipvs_table_free(&s->owned);
		rc = ipvs_table_copy(&s->owned, &s->desired);
	}
	return rc == -ENOENT ? 0 : rc;
}

void ipvs_sync_reconfigure(struct ipvs_sync *s, const struct config *cfg)
{
	if (s->nl)
		set_sysctls(&cfg->global);
}

void ipvs_sync_stop(struct ipvs_sync *s, const struct config *cfg)
{
	struct ipvs_ops ops = { 0 };
	int rc;

	if (!s || !s->nl)
		return;
	if (cfg->global.lvs_flush_onstop == CFG_FLUSH_ONSTOP_ALL) {
		if ((rc = nl_ipvs_flush(s->nl)) < 0)
			log_warnx("ipvs: flush on stop: %s", strerror(-rc));
		return;
	}
	/* keepalived's default and "VS": remove keel's own services; the
	 * kernel removes their dests with them */
	for (size_t i = 0; i < s->owned.n; i++)
		if (ipvs_ops_push(&ops, IPVS_OP_DEL_SVC, &s->owned.ent[i].svc, NULL) < 0)
			break;
	if (ops.n)
		nl_ipvs_apply(s->nl, &ops, NULL);
	ipvs_ops_free(&ops);
}

void ipvs_sync_free(struct ipvs_sync *s)
{
	if (!s)
		return;
	if (s->drift_timer)
		event_free(s->drift_timer);
	if (s->nl)
		nl_ipvs_close(s->nl);
	ipvs_table_free(&s->desired);
	ipvs_table_free(&s->owned);
	free(s);
}

const struct ipvs_sync_stats *ipvs_sync_stats(const struct ipvs_sync *s)
{
	return &s->st;
}

static bool owned_svc(const struct ipvs_service *svc, void *arg)
{
	const struct ipvs_sync *s = arg;
	return ipvs_table_find(&s->owned, svc) != NULL;
}

/* The listing with a " *" after every service keel manages. */
static char *mark_managed(struct ipvs_sync *s, const struct ipvs_table *t, const struct ipvs_info *info)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (!f)
		return NULL;
	rc = ipvs_fmt_table_marked(f, t, info, IPVS_FMT_DEFAULT, owned_svc, s);
	fputs("(* managed by keeld)\n", f);
	if (fclose(f) != 0 || rc < 0) {
		free(text);
		return NULL;
	}
	return text;
}

char *ipvs_sync_listing(struct ipvs_sync *s, const char **err)
{
	struct ipvs_table t = { 0 };
	struct ipvs_info info;
	char *text;
	int rc;

	if (!s->nl) {
		*err = "this kernel has no IPVS";
		return NULL;
	}
	rc = nl_ipvs_dump(s->nl, &t);
	if (rc < 0) {
		*err = "cannot read the kernel's IPVS table";
		return NULL;
	}
	text = mark_managed(s, &t, nl_ipvs_info(s->nl, &info) == 0 ? &info : NULL);
	ipvs_table_free(&t);
	if (!text)
		*err = "out of memory";
	return text;
}
