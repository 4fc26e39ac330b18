// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipvs_fmt.h"
#include "ipvs_plan.h"
#include "ipvs_probe.h"
#include "ipvs_sync.h"
#include "log.h"
#include "netns.h"
#include "nl_ipvs.h"

/* The drift check runs twice a second while that is cheap, so a change
 * behind keeld's back is repaired within a second, and never more than a
 * tenth of the time once it gets long. Most checks only compare a
 * digest of /proc/net/ip_vs with the one taken beside the last full dump
 * (ipvs_proc.h); the whole table is dumped when that differs, when keeld
 * changed the kernel since, and every DRIFT_FULL_EVERY_US. In the lab VM a
 * dump of 1,000 dests took ~100 ms of keeld's CPU, 7% of a core at one a
 * second: as much as 500 TCP_CHECKs. Both reads run on a worker
 * (ipvs_probe.h); one that overlaps keeld's own changes is read again, and
 * after DRIFT_READS_OVERTAKEN of those in a row the check reads on the
 * main loop, where nothing can overtake it. */
#define DRIFT_CHECK_MIN_US 500000ull
#define DRIFT_CHECK_MAX_US 30000000ull
#define DRIFT_CHECK_DUTY 10
#define DRIFT_FULL_EVERY_US 30000000ull
#define DRIFT_READS_OVERTAKEN 3
/* the thread's own: with net_namespace_ipvs the reader steps into IPVS's
 * namespace to open it, where /proc/net (the process's) would be keeld's */
#define IPVS_PROC_PATH "/proc/thread-self/net/ip_vs"

/* A keelctl ipvs waiting for its read. */
struct listing_wait {
	ipvs_listing_fn *fn;
	void *arg;
};

struct ipvs_sync {
	struct nl_ipvs *nl;
	struct event *drift_timer;
	struct ipvs_probe *probe;	/* the drift check's reader */
	uint64_t read_ops, read_t0;	/* ops_sent and the clock when it started */
	unsigned overtaken;		/* its reads in a row that keeld's changes overtook */
	/* listings waiting: the first n_reading for the full read running
	 * (started after they came), the rest for the next one */
	struct listing_wait *waits;
	size_t n_waits, n_reading;
	/* a listing asked for from inside on_read (a reply brought in its
	 * client's next request) starts no read there: on_read does, after
	 * the drift check had its turn; none once freeing */
	bool in_on_read, freeing;
	/* no check armed: keeld declares and owns nothing, so there is
	 * nothing to repair (a VRRP-only router would read the kernel's
	 * table twice a second for nothing); the next apply arms it */
	bool drift_idle;
	struct ipvs_table desired;	/* what the kernel should hold now */
	/* What keel declared and may delete: after a clean apply that is just
	 * the desired table (no copy kept); after a failure also what keel
	 * declared before, until an apply gets through. */
	struct ipvs_table owned;
	bool owned_is_desired;
	/* The kernel's table as last read, followed op by op since: changes
	 * plan against it without a dump. Unknown after a refused op or a
	 * failed read; the drift check reads the kernel anyway. */
	struct ipvs_table kernel;
	bool kernel_known;
	struct ipvs_timeouts timeouts;	/* lvs_timeouts last set, 0: never */
	/* the digest of /proc/net/ip_vs beside the last full dump, valid
	 * while keeld has changed nothing since; full_after: no full check
	 * before then (a tenth of the time at most) */
	uint64_t proc_digest, last_full_us, full_after_us;
	bool proc_valid;
	struct ipvs_sync_stats st;
};

static void set_error(struct ipvs_sync *s, const char *what, int err)
{
	snprintf(s->st.last_error, sizeof(s->st.last_error), "%s: %s", what, strerror(-err));
}

static const struct ipvs_table *owned(const struct ipvs_sync *s)
{
	return s->owned_is_desired ? &s->desired : &s->owned;
}

/* Nothing declared nor left to delete: no drift to repair. */
static bool owns_nothing(const struct ipvs_sync *s)
{
	return s->desired.n == 0 && owned(s)->n == 0;
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

/* Copies the driver's counters into the stats keelctl reads. */
static void note_netlink(struct ipvs_sync *s)
{
	const struct nl_ipvs_stats *ns = nl_ipvs_stats(s->nl);

	s->st.nl_requests = ns->requests;
	s->st.nl_dump_requests = ns->dump_requests;
}

/* The old copy goes first: the dump replaces it either way, and holding
 * both would be two records of every dest at once (10,000 dests: 0.6 MB
 * more at each drift check). */
static int read_kernel(struct ipvs_sync *s)
{
	int rc;

	ipvs_table_free(&s->kernel);
	s->kernel_known = false;
	rc = nl_ipvs_dump(s->nl, &s->kernel);
	s->st.dumps++;
	if (rc < 0) {
		set_error(s, "dump", rc);
		log_warnx("ipvs: cannot read the kernel's table: %s", strerror(-rc));
		return rc;
	}
	s->kernel_known = true;
	return 0;
}

/* Objects (services and their dests) planned and applied at a time. At
 * start 10,000 dests planned at once were 1.3 MB of operations (128 bytes
 * each), the top of keeld's memory; a slice's are about 128 kB. Each
 * slice waits for the kernel's answers before the next is planned, so
 * slices are not smaller: 8 services a slice made 5000 x 4 take twice as
 * long to program (bench/ipvs-program.sh, 625 round trips). */
#define SLICE_OBJECTS 1024

/* How many services from desired entry i make one slice: at least one. */
static size_t slice_len(const struct ipvs_table *d, size_t i)
{
	size_t n = 0, objects = 0;

	while (i + n < d->n && (n == 0 || objects + 1 + d->ent[i + n].ndests <= SLICE_OBJECTS)) {
		objects += 1 + d->ent[i + n].ndests;
		n++;
	}
	return n;
}

/* What the slices of one plan_apply() did. */
struct applied {
	size_t ops, failed;
	bool hard;		/* a whole batch failed: the rest is not sent */
};

/* The kernel did what the confirmed ops said: so does the copy. Anything
 * refused means the kernel holds what keel did not expect. */
static void follow_kernel(struct ipvs_sync *s, const struct ipvs_ops *ops, const int *errs)
{
	for (size_t i = 0; s->kernel_known && i < ops->n; i++)
		s->kernel_known = errs[i] == 0 && ipvs_table_apply_op(&s->kernel, &ops->op[i]) == 0;
}

static void count_apply(struct ipvs_sync *s, const struct applied *a)
{
	s->st.applies++;
	s->st.ops_sent += a->ops;
	s->st.last_apply = time(NULL);
	s->st.last_error[0] = '\0';
	if (a->failed == 0)
		return;
	s->st.ops_failed += a->failed;
	snprintf(s->st.last_error, sizeof(s->st.last_error), "%zu of %zu operations failed (see the log)",
		 a->failed, a->ops);
}

/* The services of t from key lo (NULL: its first) to key hi (NULL: its
 * end), hi not included: a view, never freed or grown (nor are slices of
 * the desired table). */
static struct ipvs_table view(const struct ipvs_table *t, const struct ipvs_service *lo,
			      const struct ipvs_service *hi)
{
	size_t i = lo ? ipvs_table_lower_bound(t, lo) : 0, j = hi ? ipvs_table_lower_bound(t, hi) : t->n;

	return (struct ipvs_table){ .ent = j > i ? t->ent + i : NULL, .n = j - i, .cap = j - i };
}

/* Plans and applies desired services [i, i + n) against the kernel's in
 * the same range of keys (the first slice from the start, the last to the
 * end); follow: keep s->kernel in step. */
static int apply_slice(struct ipvs_sync *s, size_t i, size_t n, const struct ipvs_owner *owner,
		       struct ipvs_ops *ops, bool follow, struct applied *a)
{
	const struct ipvs_table *d = &s->desired;
	const struct ipvs_table want = { .ent = n ? d->ent + i : NULL, .n = n, .cap = n };
	struct ipvs_table have = view(&s->kernel, i ? &d->ent[i].svc : NULL,
				      i + n < d->n ? &d->ent[i + n].svc : NULL);
	int *errs, rc = ipvs_plan(&want, &have, owner, ops), failed;

	if (rc < 0 || ops->n == 0)
		return rc;
	if (!(errs = calloc(ops->n, sizeof(*errs))))
		return -ENOMEM;
	failed = nl_ipvs_apply(s->nl, ops, errs);	/* logs each failure itself */
	a->ops += ops->n;
	a->failed += failed > 0 ? (size_t)failed : failed < 0 ? ops->n : 0;
	a->hard = failed < 0;
	if (follow)
		follow_kernel(s, ops, errs);
	free(errs);
	return 0;
}

/* Plans desired against s->kernel and applies the difference, a slice of
 * services at a time; drift says the kernel was just read for a check, so
 * any operation is a repair. */
static int plan_apply(struct ipvs_sync *s, bool drift)
{
	struct ipvs_ops ops = { 0 };
	struct ipvs_owner owner;
	struct applied a = { 0 };
	/* from an empty table with every op confirmed (at start) the kernel
	 * holds the desired table: copied at the end, faster than followed */
	bool empty = s->kernel.n == 0;
	size_t i = 0;
	int rc;

	ipvs_owner_table(&owner, owned(s));
	do {
		size_t n = slice_len(&s->desired, i);

		rc = apply_slice(s, i, n, &owner, &ops, !empty, &a);
		i += n;
	} while (rc == 0 && !a.hard && i < s->desired.n);
	ipvs_ops_free(&ops);
	if (a.ops == 0)
		return rc;
	s->proc_valid = false;		/* the next drift check reads it all */
	count_apply(s, &a);
	if (drift) {
		s->st.drift_repairs++;
		log_warnx("ipvs: the kernel's table drifted from keeld's; repaired with %zu operations (%zu failed)",
			  a.ops, a.failed);
	}
	if (empty && rc == 0 && a.failed == 0) {
		ipvs_table_free(&s->kernel);
		s->kernel_known = ipvs_table_copy(&s->kernel, &s->desired) == 0;
	} else if (empty || rc < 0 || a.failed) {
		s->kernel_known = false;
	}
	if (rc == 0 && a.failed)
		rc = -EIO;
	else if (rc == 0)
		log_debug("ipvs: applied %zu operations", a.ops);
	return rc;
}

/* A change plans against the table in memory: one weight is one
 * operation, with no dump. The kernel is read when that copy is unknown,
 * and at once when the kernel refused an operation planned from memory
 * (someone changed it behind keeld's back). */
static int reconcile(struct ipvs_sync *s)
{
	bool fresh = !s->kernel_known;
	int rc;

	if (!s->nl)
		return -ENOENT;
	rc = fresh ? read_kernel(s) : 0;
	if (rc == 0)
		rc = plan_apply(s, false);
	if (rc == -EIO && !fresh && read_kernel(s) == 0)
		rc = plan_apply(s, true);
	note_netlink(s);
	return rc;
}

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void arm_drift_check(struct ipvs_sync *s, uint64_t in_us)
{
	struct timeval tv;

	if (in_us < DRIFT_CHECK_MIN_US)
		in_us = DRIFT_CHECK_MIN_US;
	if (in_us > DRIFT_CHECK_MAX_US)
		in_us = DRIFT_CHECK_MAX_US;
	s->st.drift_interval_ms = in_us / 1000;
	tv.tv_sec = (time_t)(in_us / 1000000u);
	tv.tv_usec = (suseconds_t)(in_us % 1000000u);
	if (event_add(s->drift_timer, &tv) < 0)
		log_warnx("ipvs: cannot arm the drift check; changes behind keeld's back stay");
}

/* A read on the worker; a full one serves the listings waiting. 0 or -errno. */
static int start_read(struct ipvs_sync *s, enum ipvs_probe_kind kind, uint64_t now)
{
	int rc;

	s->read_ops = s->st.ops_sent;
	s->read_t0 = now;
	if ((rc = ipvs_probe_start(s->probe, kind)) < 0)
		return rc;
	s->n_reading = kind == IPVS_PROBE_FULL ? s->n_waits : 0;
	return 0;
}

static void start_drift_read(struct ipvs_sync *s, enum ipvs_probe_kind kind, uint64_t now)
{
	int rc = start_read(s, kind, now);

	if (rc < 0) {
		log_warnx("ipvs: cannot start the drift check: %s", strerror(-rc));
		arm_drift_check(s, 0);
	}
}

/* A full read now, or the timer to it when dumps have been long. */
static void full_read(struct ipvs_sync *s, uint64_t now)
{
	if (now < s->full_after_us)
		arm_drift_check(s, s->full_after_us - now);
	else
		start_drift_read(s, IPVS_PROBE_FULL, now);
}

static void on_full_read(struct ipvs_sync *s, struct ipvs_probe_result *r, uint64_t now)
{
	uint64_t ops;

	s->st.drift_checks++;
	s->st.dumps++;
	s->last_full_us = s->read_t0;
	s->full_after_us = s->read_t0 + r->took_us * DRIFT_CHECK_DUTY;
	s->proc_valid = false;
	if (r->rc < 0) {
		set_error(s, "dump", r->rc);
		log_warnx("ipvs: cannot read the kernel's table: %s", strerror(-r->rc));
		s->kernel_known = false;
	} else {
		/* the dump was built in the reader thread's malloc arena: kept
		 * for good, each dump would leave its pages resident there
		 * (+3 MB with 2,500 x 4 in the lab). The copy in hand is kept
		 * when the kernel holds just that, the usual case */
		if (!s->kernel_known || !ipvs_table_equal(&s->kernel, &r->table)) {
			if (s->kernel_known)
				log_debug("ipvs: the dump differs from keeld's copy of the kernel's table");
			ipvs_table_free(&s->kernel);
			s->kernel = r->table;
			r->table = (struct ipvs_table){ 0 };
			s->kernel_known = true;
		}
		ops = s->st.ops_sent;
		plan_apply(s, true);
		note_netlink(s);
		/* the digest stands for the table when the file read the same
		 * before and after a dump that found nothing to repair */
		s->proc_valid = r->have_before && r->have_after && r->before == r->after &&
				s->kernel_known && s->st.ops_sent == ops;
		s->proc_digest = r->after;
	}
	arm_drift_check(s, s->proc_valid || now >= s->full_after_us ? 0 : s->full_after_us - now);
}

static void on_drift_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ipvs_sync *s = arg;
	uint64_t now = mono_us();

	(void)fd, (void)what;
	if (owns_nothing(s)) {
		s->drift_idle = true;
		return;
	}
	if (ipvs_probe_busy(s->probe)) {
		/* a listing's read: its result is a drift check too */
		arm_drift_check(s, 0);
		return;
	}
	if (s->overtaken >= DRIFT_READS_OVERTAKEN) {
		/* the reads keep being overtaken: one on the main loop, where
		 * keeld's changes cannot come in between */
		struct ipvs_probe_result r;

		s->overtaken = 0;
		s->read_t0 = now;
		ipvs_probe_read_here(s->probe, IPVS_PROBE_FULL, &r);
		on_full_read(s, &r, mono_us());
		ipvs_table_free(&r.table);
	} else if (!s->proc_valid || now - s->last_full_us >= DRIFT_FULL_EVERY_US) {
		full_read(s, now);
	} else {
		start_drift_read(s, IPVS_PROBE_DIGEST, now);
	}
}

static void serve_listings(struct ipvs_sync *s, const struct ipvs_probe_result *r);
static void start_listing_read(struct ipvs_sync *s);

/* What a drift check makes of the worker's read. */
static void drift_after_read(struct ipvs_sync *s, struct ipvs_probe_result *r)
{
	uint64_t now = mono_us();

	if (s->st.ops_sent != s->read_ops) {
		/* keeld changed the kernel while it was read: the read may
		 * show some of those changes and not others */
		s->overtaken++;
		arm_drift_check(s, 0);
		return;
	}
	s->overtaken = 0;
	if (r->kind == IPVS_PROBE_FULL) {
		on_full_read(s, r, now);
		return;
	}
	s->st.drift_quick_checks++;
	if (r->rc == 0 && s->proc_valid && r->before == s->proc_digest)
		arm_drift_check(s, r->took_us * DRIFT_CHECK_DUTY);
	else
		full_read(s, now);
}

/* The worker's read is back. */
static void on_read(void *arg, struct ipvs_probe_result *r)
{
	struct ipvs_sync *s = arg;

	s->in_on_read = true;
	serve_listings(s, r);
	if (!s->drift_idle)
		drift_after_read(s, r);
	s->in_on_read = false;
	if (s->n_waits > 0 && !ipvs_probe_busy(s->probe))
		start_listing_read(s);
}

/* The IPVS sysctls of IPVS's network namespace; -1 leaves one alone. */
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
		int fd = netns_ipvs_open_file(path, O_WRONLY | O_CLOEXEC);
		FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

		if (fd >= 0 && !f)
			close(fd);
		bool ok = f && fprintf(f, "%d\n", ctl[i].v) > 0;
		if (f && fclose(f) != 0)
			ok = false;
		if (!ok)
			log_warn("ipvs: cannot set %s", path);
	}
}

/* lvs_timeouts, at start and on every reload that changes them; a config
 * without them leaves the kernel's as they are, as at start. */
static void set_timeouts(struct ipvs_sync *s, const struct cfg_global *g)
{
	struct ipvs_timeouts to = { .tcp = g->lvs_timeout_tcp, .tcp_fin = g->lvs_timeout_tcpfin,
				    .udp = g->lvs_timeout_udp };
	int rc;

	if (!(to.tcp || to.tcp_fin || to.udp) || memcmp(&to, &s->timeouts, sizeof(to)) == 0)
		return;
	if ((rc = nl_ipvs_set_timeouts(s->nl, &to)) < 0) {
		log_warnx("ipvs: lvs_timeouts: %s", strerror(-rc));
		return;
	}
	s->timeouts = to;
}

static void start_actions(struct ipvs_sync *s, const struct config *cfg)
{
	const struct cfg_global *g = &cfg->global;
	int rc;

	set_sysctls(g);
	if (g->lvs_flush && (rc = nl_ipvs_flush(s->nl)) < 0)
		log_warnx("ipvs: lvs_flush: %s", strerror(-rc));
	set_timeouts(s, g);
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
	s->probe = ipvs_probe_new(base, IPVS_PROC_PATH, on_read, s);	/* logs its failure */
	s->drift_timer = s->probe ? event_new(base, -1, 0, on_drift_timer, s) : NULL;
	if (s->drift_timer)
		arm_drift_check(s, 0);
	else if (s->probe)
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
	/* the old desired table is what keel owns while it plans the new one
	 * (what both declare is never deleted, so the union is not needed) */
	if (s->owned_is_desired) {
		ipvs_table_free(&s->owned);
		s->owned = s->desired;
		s->owned_is_desired = false;
	} else {
		ipvs_table_free(&s->desired);
	}
	s->desired = next;
	s->st.services = s->desired.n;
	s->st.dests = ipvs_table_ndests(&s->desired);
	rc = reconcile(s);
	if (s->drift_idle && !owns_nothing(s)) {
		s->drift_idle = false;
		arm_drift_check(s, 0);
	}
	if (rc == 0) {
		/* what keel declared and no longer wants is gone: stop owning it */
		ipvs_table_free(&s->owned);
		s->owned_is_desired = true;
	} else if (rc != -ENOENT && own_desired(s) < 0) {
		log_warnx("ipvs: out of memory; entries keel no longer wants may stay in the kernel");
	}
	return rc == -ENOENT ? 0 : rc;
}

void ipvs_sync_reconfigure(struct ipvs_sync *s, const struct config *cfg)
{
	if (!s->nl)
		return;
	set_sysctls(&cfg->global);
	set_timeouts(s, &cfg->global);
	note_netlink(s);
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
	for (size_t i = 0; i < owned(s)->n; i++)
		if (ipvs_ops_push(&ops, IPVS_OP_DEL_SVC, &owned(s)->ent[i].svc, NULL) < 0)
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
	ipvs_probe_free(s->probe);	/* before the tables its read may fill */
	s->freeing = true;
	s->n_reading = s->n_waits;
	serve_listings(s, &(struct ipvs_probe_result){ .kind = IPVS_PROBE_FULL, .rc = -ESHUTDOWN });
	free(s->waits);
	if (s->nl)
		nl_ipvs_close(s->nl);
	ipvs_table_free(&s->desired);
	ipvs_table_free(&s->owned);
	ipvs_table_free(&s->kernel);
	free(s);
}

const struct ipvs_sync_stats *ipvs_sync_stats(const struct ipvs_sync *s)
{
	return &s->st;
}

static bool owned_svc(const struct ipvs_service *svc, void *arg)
{
	const struct ipvs_sync *s = arg;
	return ipvs_table_find(owned(s), svc) != NULL;
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

static char *listing_text(struct ipvs_sync *s, const struct ipvs_probe_result *r, const char **err)
{
	struct ipvs_info info;
	char *text;

	if (r->rc == -ESHUTDOWN) {
		*err = "keeld is stopping";
		return NULL;
	}
	if (r->rc < 0) {
		*err = "cannot read the kernel's IPVS table";
		return NULL;
	}
	text = mark_managed(s, &r->table, nl_ipvs_info(s->nl, &info) == 0 ? &info : NULL);
	note_netlink(s);
	if (!text)
		*err = "out of memory";
	return text;
}

static bool wait_add(struct ipvs_sync *s, ipvs_listing_fn *fn, void *arg)
{
	struct listing_wait *w = realloc(s->waits, (s->n_waits + 1) * sizeof(*w));

	if (!w) {
		fn(arg, NULL, "out of memory");
		return false;
	}
	s->waits = w;
	s->waits[s->n_waits++] = (struct listing_wait){ fn, arg };
	return true;
}

/* The listings a full read was started for get its table. */
static void serve_listings(struct ipvs_sync *s, const struct ipvs_probe_result *r)
{
	struct listing_wait *all = s->waits;
	size_t n = s->n_reading, total = s->n_waits;
	const char *err = NULL;
	char *text;

	if (r->kind != IPVS_PROBE_FULL || n == 0)
		return;
	/* a reply can bring in its client's next request, which must find
	 * the list whole: the rest wait on in a new one */
	s->waits = NULL;
	s->n_waits = s->n_reading = 0;
	for (size_t i = n; i < total; i++)
		wait_add(s, all[i].fn, all[i].arg);
	/* one text for all of them: formatting 10,000 entries is not free */
	text = listing_text(s, r, &err);
	for (size_t i = 0; i < n; i++)
		all[i].fn(all[i].arg, text, err);
	free(text);
	free(all);
}

/* Without a worker, the read runs here, as it did before there was one. */
static void read_here(struct ipvs_sync *s)
{
	struct ipvs_probe_result r = { .kind = IPVS_PROBE_FULL };

	r.rc = nl_ipvs_dump(s->nl, &r.table);
	note_netlink(s);
	s->n_reading = s->n_waits;
	serve_listings(s, &r);
	ipvs_table_free(&r.table);
}

static void start_listing_read(struct ipvs_sync *s)
{
	if (start_read(s, IPVS_PROBE_FULL, mono_us()) < 0)
		read_here(s);
}

void ipvs_sync_listing(struct ipvs_sync *s, ipvs_listing_fn *fn, void *arg)
{
	if (!s->nl || s->freeing) {
		fn(arg, NULL, s->nl ? "keeld is stopping" : "this kernel has no IPVS");
		return;
	}
	if (!wait_add(s, fn, arg))
		return;
	if (!s->probe)
		read_here(s);
	else if (!s->in_on_read && !ipvs_probe_busy(s->probe))
		start_listing_read(s);
}
