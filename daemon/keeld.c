// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bfd_show.h"
#include "bfd_thread.h"
#include "cfg_proc.h"
#include "checker_nice.h"
#include "chk_bfd.h"
#include "chk_engine.h"
#include "chk_exec.h"
#include "ctl_cmds.h"
#include "cfg_netns.h"
#include "ctl_server.h"
#include "ipvs_sweep.h"
#include "ipvs_sync.h"
#include "ipvs_syncd.h"
#include "keeld.h"
#include "life_script.h"
#include "log.h"
#include "notify_fifo.h"
#include "preparse.h"
#include "reload_check.h"
#include "sdnotify.h"
#include "thread_sched.h"
#include "vrrp_thread.h"

/* checker_priority and the rest of the main thread's and the process's
 * tuning, once the VRRP thread has its own */
static void follow_tuning(struct keeld *k)
{
	checker_nice_follow(&k->checker_nice, checker_nice_want(&k->cfg->global, k->start_nice));
	proc_tune_follow(&k->tune, &k->cfg->global);
	thread_sched_name(cfg_thread_name(&k->cfg->global, CFG_THREAD_MAIN));
}

static void report_diag(const struct cfg_diag *diag)
{
	for (size_t i = 0; i < cfg_diag_count(diag); i++)
		log_warnx("%s", cfg_diag_message(diag, i));
}

/* The parse made when the files changed if it still stands (preparse.h),
 * else a parse now. */
static struct preparse_result *parse(struct keeld *k)
{
	struct preparse_result *r = NULL;
	const char *why = "no watcher";

	if (k->preparse)
		r = preparse_take(k->preparse, &why);
	if (r)
		log_info("config: using the parse made when the files changed");
	else if (k->cfg)
		log_info("config: parsing now (%s)", why);
	return r ? r : preparse_run(k->opts->config_file, k->opts->config_id, true);
}

/* Builds a snapshot from the file; NULL on errors, recorded in k->last. */
static struct config *load_config(struct keeld *k)
{
	struct preparse_result *r = parse(k);
	struct config *cfg;

	if (!r) {
		log_warnx("config %s: out of memory", k->opts->config_file);
		return NULL;
	}
	cfg = r->cfg;
	r->cfg = NULL;
	report_diag(r->diag);
	/* the running config's setting: it asked for the check of the next */
	if (k->cfg && k->cfg->global.reload_check_log)
		reload_check_write(k->cfg->global.reload_check_log, r->diag);
	free(k->last.first_error);
	k->last = (struct reload_result){
		.ok = cfg != NULL,
		.when = time(NULL),
		.errors = cfg_diag_errors(r->diag),
		.warnings = cfg_diag_warnings(r->diag),
	};
	if (!cfg && cfg_diag_first_error(r->diag))
		k->last.first_error = strdup(cfg_diag_first_error(r->diag));
	/* what this parse read is what to watch from now on */
	cfg_inputs_free(k->inputs);
	k->inputs = r->inputs;
	r->inputs = NULL;
	preparse_loaded(k->preparse, k->inputs);
	preparse_result_free(r);
	return cfg;
}

static bool is_drained(void *arg, const struct cfg_rs *rs)
{
	return drains_match(arg, rs);
}

static const struct ipvs_health *health_of(struct keeld *k)
{
	if (!k->chk)
		return NULL;
	k->health = *chk_engine_health(k->chk);
	k->health.hold_failed = ipvs_sweep_hold(k->sweep);
	if (k->drains.n) {
		k->health.drained = is_drained;
		k->health.drained_arg = &k->drains;
	}
	return &k->health;
}

const struct ipvs_health *keeld_health(struct keeld *k)
{
	return health_of(k);
}

/* The checks changed a real server or a quorum: the kernel follows. */
static void on_health(void *arg)
{
	struct keeld *k = arg;

	if (k->ipvs)
		ipvs_sync_apply(k->ipvs, k->cfg, health_of(k));
}

static uint64_t sweep_failed_set(void *arg)
{
	struct keeld *k = arg;

	return k->chk ? ipvs_desired_failed_set(k->cfg, chk_engine_health(k->chk)) : 0;
}

static const struct ipvs_sweep_ops sweep_ops = { .failed_set = sweep_failed_set, .apply = on_health };

/* A checker event for the notify FIFOs (the VRRP thread keeps its own). */
static void on_note(void *arg, const char *line)
{
	struct keeld *k = arg;

	notify_fifo_write(k->fifo_all, line);
	notify_fifo_write(k->fifo_lvs, line);
}

/* A real server or quorum change: SNMP notifications and email alerts */
static void on_check_event(void *arg, size_t v, size_t r, bool up, const char *why)
{
	keeld_snmp_on_check(arg, v, r, up, why);
	keeld_mail_on_check(arg, v, r, up, why);
}

/* notify FIFOs, SNMP notifications and mails hear the checks' events */
static void watch_checks(struct keeld *k, struct chk_engine *e)
{
	chk_engine_on_note(e, on_note, k);
	chk_engine_on_event(e, on_check_event, k);
}

/* A VRRP state change, posted by the VRRP thread to this loop */
static void on_vrrp_state(void *arg, const struct vrrp_state_change *c)
{
	keeld_snmp_on_vrrp(arg, c);
	keeld_mail_on_vrrp(arg, c);
}

static void follow_fifos(struct keeld *k)
{
	/* notify_fifo's script is this loop's; the VRRP thread writes too */
	notify_fifo_follow(&k->fifo_all, k->base, &k->cfg->global.notify_fifo, &k->cfg->global, true);
	notify_fifo_follow(&k->fifo_lvs, k->base, &k->cfg->global.lvs_notify_fifo, &k->cfg->global, true);
}

/* A new engine for the next config, carrying the checks' state over; the
 * old one goes (it points into the old config). */
static void replace_checks(struct keeld *k, const struct config *next)
{
	struct chk_engine *e;

	if (!k->chk)
		return;
	e = chk_engine_new(k->base, next, k->chk, on_health, k);
	if (!e)
		log_warnx("checks: cannot rebuild; real servers fall back to their start state");
	else
		watch_checks(k, e);
	chk_engine_free(k->chk);
	k->chk = e;
}

/* The sync daemon's role: both daemons without an instance, else what
 * that instance's state asks for (none until it runs). */
static enum ipvs_syncd_role syncd_role(const struct keeld *k)
{
	const struct cfg_lvs_sync *ls = &k->cfg->global.lvs_sync;
	int st;

	if (!ls->set)
		return IPVS_SYNCD_NONE;
	if (!ls->instance)
		return IPVS_SYNCD_BOTH;
	st = vrrp_thread_state(k->vrrp, ls->instance);
	if (st == VRRP_STATE_MASTER)
		return IPVS_SYNCD_MASTER;
	if (st == VRRP_STATE_BACKUP || st == VRRP_STATE_FAULT)
		return IPVS_SYNCD_BACKUP;
	return IPVS_SYNCD_NONE;
}

/* The sync daemons for role r, and the table that role asks for: a
 * backup holds failed servers for the sweeps (ipvs_sweep.h). */
static void follow_role(struct keeld *k, enum ipvs_syncd_role r)
{
	bool was = ipvs_sweep_hold(k->sweep);

	ipvs_syncd_set(k->syncd, &k->cfg->global.lvs_sync, r);
	ipvs_sweep_set_backup(k->sweep, r == IPVS_SYNCD_BACKUP);
	if (ipvs_sweep_hold(k->sweep) != was)
		on_health(k);
}

static void apply_syncd(struct keeld *k)
{
	if (k->syncd)
		follow_role(k, syncd_role(k));
}

/* A transition of the instance the sync daemon follows. During a reload
 * this may still see the old config; keeld_reload applies the new one. */
static void on_syncd_role(void *arg, const char *instance, enum vrrp_syncd_role role)
{
	struct keeld *k = arg;
	static const enum ipvs_syncd_role map[] = {
		[VRRP_SYNCD_STOP] = IPVS_SYNCD_NONE,
		[VRRP_SYNCD_MASTER] = IPVS_SYNCD_MASTER,
		[VRRP_SYNCD_BACKUP] = IPVS_SYNCD_BACKUP,
	};
	const struct cfg_lvs_sync *ls = &k->cfg->global.lvs_sync;

	/* a move posted by the VRRP thread before the stop: the kernel is
	 * already put in order for the stop */
	if (k->stopping || !k->syncd || !ls->instance || strcmp(ls->instance, instance) != 0)
		return;
	follow_role(k, map[role]);
}

static size_t vrrp_views(const struct keeld *k, struct vrrp_inst_view *out, size_t cap)
{
	return vrrp_thread_views(k->vrrp, out, cap);
}

static void vrrp_router_stats(const struct keeld *k, struct vrrp_router_stats *out)
{
	vrrp_thread_router_stats(k->vrrp, out);
}

static void vrrp_scripts(const struct keeld *k, const struct config *cfg, enum vrrp_obj_state *out)
{
	vrrp_thread_scripts(k->vrrp, cfg, out);
}

static void vrrp_procs(const struct keeld *k, const struct config *cfg, size_t *count,
		       enum vrrp_obj_state *st)
{
	vrrp_thread_procs(k->vrrp, cfg, count, st);
}

int keeld_drain(struct keeld *k, const struct drain *d, bool undo, size_t *matched)
{
	int rc = undo ? drains_del(&k->drains, d) : drains_add(&k->drains, d);
	char name[INET6_ADDRSTRLEN + 8];

	*matched = k->cfg ? drains_count_in(k->cfg, d) : 0;
	if (rc < 0)
		return -1;
	drain_format(d, name, sizeof(name));
	if (rc > 0)
		log_info("%s %s: %zu real servers", undo ? "undrained" : "drained", name, *matched);
	on_health(k);
	return 0;
}

/* A BFD session's news: on the BFD thread for VRRP (posted on), on the
 * main loop for the checks. */
static void bfd_to_vrrp(void *arg, const char *name, bool up)
{
	struct keeld *k = arg;

	if (k->vrrp)
		vrrp_thread_bfd(k->vrrp, name, up);
}

static void bfd_to_main(void *arg, const char *name, bool up)
{
	(void)arg;
	chk_bfd_set(name, up);
}

/* The BFD thread starts with the first config that has a bfd_instance
 * and stays for the life of keeld. */
static void follow_bfd(struct keeld *k, const struct config *cfg)
{
	if (!k->bfd && cfg->nbfds)
		k->bfd = bfd_thread_start(k->base, bfd_to_vrrp, bfd_to_main, k);
	bfd_thread_apply(k->bfd, cfg);
}

size_t keeld_bfd_views(const struct keeld *k, struct bfd_view *out, size_t cap)
{
	return bfd_thread_views(k->bfd, out, cap);
}

static void dump_bfd(const struct keeld *k)
{
	size_t cap = k->cfg ? k->cfg->nbfds : 0;
	struct bfd_view *v = cap ? calloc(cap, sizeof(*v)) : NULL;
	size_t n = v ? keeld_bfd_views(k, v, cap) : 0;
	char *text = v ? bfd_show_text(v, n < cap ? n : cap) : NULL, *line, *save = NULL;

	for (line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save))
		log_info("state: bfd %s", line);
	free(text);
	free(v);
}

int keeld_load(struct keeld *k)
{
	k->cfg = load_config(k);
	return k->cfg ? 0 : -1;
}

static double clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* keeld stays where it started and keeps its pid file, as keepalived
 * does: the new config says so too, so that it shows what runs. */
static void keep_placement(const struct config *cur, struct config *next)
{
	const struct cfg_global *g = &cur->global;
	unsigned kept = cfg_netns_keep(g, &next->global);

	if (kept & CFG_NETNS_KEPT_NS)
		log_warnx("reload: net_namespace cannot change on a reload (keeld stays in %s); restart keeld",
			  g->net_namespace ? g->net_namespace : "the namespace it started in");
	if (kept & CFG_NETNS_KEPT_IPVS)
		log_warnx("reload: net_namespace_ipvs cannot change on a reload (IPVS stays in %s); restart keeld",
			  g->net_namespace_ipvs ? g->net_namespace_ipvs
			  : g->net_namespace_ipvs_set ? "the namespace keeld started in" : "keeld's namespace");
	if (kept & CFG_NETNS_KEPT_PIDFILE)
		log_warnx("reload: instance and use_pid_dir cannot change on a reload (the pid file stays); restart keeld");
}

void keeld_reload(struct keeld *k)
{
	struct config *next, *old;
	double wall, cpu;

	sd_notify_state("RELOADING=1");
	log_info("reloading %s", k->opts->config_file);
	wall = clock_ms(CLOCK_MONOTONIC);
	cpu = clock_ms(CLOCK_THREAD_CPUTIME_ID);
	next = load_config(k);
	wall = clock_ms(CLOCK_MONOTONIC) - wall;
	cpu = clock_ms(CLOCK_THREAD_CPUTIME_ID) - cpu;
	if (!next) {
		k->reload_failures++;
		log_warnx("reload failed (%u errors): keeping the running config%s%s", k->last.errors,
			  k->cfg->global.reload_check_log ? "; the check's messages are in " : "",
			  k->cfg->global.reload_check_log ? k->cfg->global.reload_check_log : "");
	} else {
		/* the mark that reload timings start from */
		char parts[48] = "";

		if (next->parts_read)
			snprintf(parts, sizeof(parts), ", the file read in %u parts at once", next->parts_read);
		log_info("reload parsed: %zu virtual servers (%.1f ms, %.1f ms of the main thread's CPU%s)",
			 next->nvs, wall, cpu, parts);
		keep_placement(k->cfg, next);
		follow_bfd(k, next);	/* kept sessions stay Up */
		if (k->vrrp)
			vrrp_thread_apply(k->vrrp, next);	/* reads the old config too */
		replace_checks(k, next);
		old = k->cfg;
		k->cfg = next;
		follow_fifos(k);
		follow_tuning(k);
		ipvs_sweep_set_settle(k->sweep, ipvs_sweep_settle_ms(k->cfg));
		if (k->ipvs) {
			ipvs_sync_reconfigure(k->ipvs, k->cfg);
			ipvs_sync_apply(k->ipvs, k->cfg, health_of(k));
		}
		apply_syncd(k);	/* before the old config goes: the role may point into it */
		keeld_snmp_follow(k);
		cfg_free(old);	/* after the kernel has the change: freeing takes time */
		k->reloads++;
		log_info("reload done (%u warnings)", k->last.warnings);
	}
	/* two configs and two check engines lived side by side: give the
	 * pages they no longer use back (a big config is megabytes) */
	malloc_trim(0);
	sd_notify_state("READY=1");
}

void keeld_snapshot(const struct keeld *k, struct status_snapshot *s)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	*s = (struct status_snapshot){
		.version = PACKAGE_VERSION,
		.pid = (long)getpid(),
		.uptime_s = now.tv_sec - k->started.tv_sec,
		.config_path = k->opts->config_file,
		.virtual_servers = k->cfg ? k->cfg->nvs : 0,
		.vrrp_instances = k->cfg ? k->cfg->nvrrp : 0,
		.reloads = k->reloads,
		.reload_failures = k->reload_failures,
		.last = &k->last,
	};
	for (size_t v = 0; k->cfg && v < k->cfg->nvs; v++)
		s->real_servers += k->cfg->vs[v].nrs;
	s->ipvs = k->ipvs ? ipvs_sync_stats(k->ipvs) : NULL;
	if (k->syncd && k->cfg && k->cfg->global.lvs_sync.set) {
		s->sync_role = ipvs_syncd_role_name(ipvs_syncd_role(k->syncd));
		s->sync_ifname = k->cfg->global.lvs_sync.ifname;
		s->sync_id = k->cfg->global.lvs_sync.syncid;
		s->sync_sweeps = ipvs_sweep_count(k->sweep);
	}
}

static void dump_state(const struct keeld *k)
{
	struct status_snapshot s;
	char *text, *line, *save = NULL;

	keeld_snapshot(k, &s);
	text = status_text(&s);
	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		log_info("state: %s", line);
	free(text);
	dump_bfd(k);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct keeld *k = arg;

	switch (sig) {
	case SIGHUP:
		keeld_reload(k);
		break;
	case SIGUSR1:
		dump_state(k);
		break;
	case SIGXCPU:	/* RLIMIT_RTTIME: one limit for the process's real-time threads */
		log_warnx("a real-time thread (VRRP or checks) ran past its rlimit_rttime without blocking");
		break;
	default:
		log_info("signal %d: stopping", (int)sig);
		keeld_stop(k);
	}
}

int keeld_start(struct keeld *k)
{
	static const int sigs[] = { SIGHUP, SIGTERM, SIGINT, SIGUSR1, SIGXCPU };

	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	k->start_nice = getpriority(PRIO_PROCESS, 0);	/* this thread's */
	if (errno)
		k->start_nice = 0;
	k->checker_nice = k->start_nice;
	proc_tune_init(&k->tune);	/* before any thread: the CPUs keeld started with */
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		k->signals[i] = evsignal_new(k->base, sigs[i], on_signal, k);
		if (!k->signals[i] || evsignal_add(k->signals[i], NULL) < 0) {
			log_warnx("cannot watch signal %d", sigs[i]);
			return -1;
		}
	}
	k->ctl = ctl_server_open(k->base, k->opts->control_socket, ctl_dispatch, k);
	if (!k->ctl)
		return -1;
	follow_fifos(k);
	if (!k->opts->vrrp_only) {
		k->ipvs = ipvs_sync_new(k->base, k->cfg);
		if (!k->ipvs)
			return -1;
		k->chk = chk_engine_new(k->base, k->cfg, NULL, on_health, k);
		if (k->chk)
			watch_checks(k, k->chk);
		if (k->chk && k->cfg->global.rs_init_notifies)
			chk_engine_init_notifies(k->chk);
		k->sweep = ipvs_sweep_new(k->base, IPVS_SWEEP_PERIOD_MS, IPVS_SWEEP_GAP_MS, &sweep_ops, k);
		if (!k->chk || !k->sweep)
			return -1;
		ipvs_sweep_set_settle(k->sweep, ipvs_sweep_settle_ms(k->cfg));
		ipvs_sync_apply(k->ipvs, k->cfg, health_of(k));
	}
	k->syncd = ipvs_syncd_new();
	if (!k->syncd)
		return -1;
	if (!k->opts->check_only) {
		k->vrrp = vrrp_thread_start(k->base, on_syncd_role, k);
		if (!k->vrrp)
			return -1;
		vrrp_thread_on_state(k->vrrp, on_vrrp_state, k);
		vrrp_thread_apply(k->vrrp, k->cfg);
	}
	follow_bfd(k, k->cfg);
	follow_tuning(k);
	apply_syncd(k);
	k->preparse = preparse_new(k->base, k->opts->config_file, k->opts->config_id);
	preparse_loaded(k->preparse, k->inputs);
	k->vrrp_views = vrrp_views;
	k->vrrp_router_stats = vrrp_router_stats;
	k->vrrp_scripts = vrrp_scripts;
	k->vrrp_procs = vrrp_procs;
	keeld_snmp_follow(k);
	malloc_trim(0);	/* the parser's scratch memory of a big config */
	return 0;
}

void keeld_startup_script(struct keeld *k)
{
	const struct cfg_global *g = &k->cfg->global;

	life_script_run("startup_script", &g->startup_script, g, g->startup_script_timeout_s);
	k->shutdown_due = true;
}

void keeld_stop(struct keeld *k)
{
	sd_notify_state("STOPPING=1");
	k->stopping = true;
	/* first the priority-0 adverts: the backup's takeover waits on them */
	vrrp_thread_stop(k->vrrp);
	keeld_snmp_stop(k);
	chk_engine_free(k->chk);
	k->chk = NULL;
	ipvs_sweep_set_backup(k->sweep, false);
	if (k->syncd)
		ipvs_syncd_set(k->syncd, NULL, IPVS_SYNCD_NONE);
	if (k->ipvs)
		ipvs_sync_stop(k->ipvs, k->cfg);
	event_base_loopexit(k->base, NULL);
}

void keeld_free(struct keeld *k)
{
	preparse_free(k->preparse);
	k->preparse = NULL;
	cfg_inputs_free(k->inputs);
	k->inputs = NULL;
	keeld_snmp_stop(k);
	keeld_mail_stop(k);
	ctl_server_close(k->ctl);
	k->ctl = NULL;
	chk_engine_free(k->chk);
	k->chk = NULL;
	/* the FIFO scripts are told to finish while they are still known */
	notify_fifo_close(k->fifo_all);
	notify_fifo_close(k->fifo_lvs);
	k->fifo_all = k->fifo_lvs = NULL;
	chk_exec_forget(k->base);	/* the VRRP thread forgets its own */
	ipvs_sync_free(k->ipvs);
	k->ipvs = NULL;
	bfd_thread_free(k->bfd);	/* first: it posts to the VRRP thread */
	k->bfd = NULL;
	chk_bfd_reset();
	vrrp_thread_free(k->vrrp);
	k->vrrp = NULL;
	ipvs_syncd_free(k->syncd);
	k->syncd = NULL;
	ipvs_sweep_free(k->sweep);
	k->sweep = NULL;
	for (size_t i = 0; i < sizeof(k->signals) / sizeof(k->signals[0]); i++) {
		if (k->signals[i])
			event_free(k->signals[i]);
		k->signals[i] = NULL;
	}
	/* last, as keepalived: the VIPs and what keeld put in IPVS are gone */
	if (k->shutdown_due && k->cfg)
		life_script_run("shutdown_script", &k->cfg->global.shutdown_script, &k->cfg->global,
				k->cfg->global.shutdown_script_timeout_s);
	k->shutdown_due = false;
	cfg_free(k->cfg);
	k->cfg = NULL;
	drains_free(&k->drains);
	free(k->last.first_error);
	k->last.first_error = NULL;
}
