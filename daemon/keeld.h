// SPDX-License-Identifier: GPL-2.0-or-later
/* The daemon's life: the running config, reload, stop, and the state the
 * control socket reports. One instance per process, owned by main(). */
#ifndef KEEL_KEELD_H
#define KEEL_KEELD_H

#include <event2/event.h>
#include <stdbool.h>
#include <time.h>

#include "cfg.h"
#include "drains.h"
#include "ipvs_desired.h"
#include "opts.h"
#include "proc_tune.h"
#include "status.h"
#include "vrrp_prio.h"

struct bfd_thread;
struct chk_engine;
struct ctl_server;
struct ipvs_sync;
struct ipvs_syncd;
struct ipvs_sweep;
struct notify_fifo;
struct preparse;
struct cfg_inputs;
struct smtp_sender;
struct snmp_agent;
struct vrrp_inst_view;
struct vrrp_router_stats;
struct vrrp_state_change;
struct vrrp_thread;

struct keeld {
	struct event_base *base;
	const struct keeld_opts *opts;
	struct config *cfg;		/* the snapshot in force; never NULL while running */
	struct timespec started;	/* CLOCK_MONOTONIC */
	struct reload_result last;
	unsigned reloads, reload_failures;
	struct event *signals[5];
	struct ctl_server *ctl;
	struct ipvs_sync *ipvs;		/* NULL with -P (VRRP only) */
	struct ipvs_syncd *syncd;	/* lvs_sync_daemon */
	struct ipvs_sweep *sweep;	/* while the sync daemon is the backup */
	struct ipvs_health health;	/* the checks' health as IPVS should see it */
	struct chk_engine *chk;		/* health checks; NULL with -P */
	struct vrrp_thread *vrrp;	/* NULL with -C (checkers only) */
	struct bfd_thread *bfd;		/* bfd_instance sessions; NULL without any at start */
	struct drains drains;		/* keelctl drain: kept over reloads */
	struct notify_fifo *fifo_all, *fifo_lvs;	/* notify_fifo, lvs_notify_fifo */
	/* Copies of the VRRP instances for readers outside the VRRP runtime
	 * (vrrp_run_views' contract): the one way they reach it. */
	size_t (*vrrp_views)(const struct keeld *k, struct vrrp_inst_view *out, size_t cap);
	void (*vrrp_router_stats)(const struct keeld *k, struct vrrp_router_stats *out);
	void (*vrrp_scripts)(const struct keeld *k, const struct config *cfg, enum vrrp_obj_state *out);
	void (*vrrp_procs)(const struct keeld *k, const struct config *cfg, size_t *count,
			   enum vrrp_obj_state *st);
	struct preparse *preparse;	/* the parse held for SIGHUP; NULL: parse then */
	struct cfg_inputs *inputs;	/* what the last parse read */
	struct snmp_agent *snmp;	/* NULL unless enable_snmp_* or -x */
	struct smtp_sender *mail;	/* email alerts; made at the first one */
	int pid_fd;
	int start_nice, checker_nice;	/* the main thread's at start, now */
	struct proc_tune tune;		/* umask, no_swap, the main thread's CPUs and SCHED_RR */
	bool stopping;			/* keeld_stop ran */
	bool shutdown_due;		/* keeld_free runs the shutdown_script */
};

struct bfd_view;
/* Copies of the BFD sessions (at most cap); their number. */
size_t keeld_bfd_views(const struct keeld *k, struct bfd_view *out, size_t cap);

/* Loads the config for the first time; diagnostics go to the log.
 * Returns 0, or -1 when the config has errors. */
int keeld_load(struct keeld *k);
/* Parses the file again and swaps the new snapshot in only when it is
 * valid: a broken file leaves the running config serving. */
void keeld_reload(struct keeld *k);
/* Sets up signals and the control socket; 0 or -1 (logged). */
int keeld_start(struct keeld *k);
/* startup_script, waited for: call it once, before keeld_start. From then
 * on keeld_free runs the shutdown_script last (of the config then in
 * force), whether the start went well or not. */
void keeld_startup_script(struct keeld *k);
void keeld_stop(struct keeld *k);
/* keelctl drain / undrain: d's real servers at weight 0 (or back), the
 * kernel told at once. *matched: how many real servers of the running
 * config d names. 0, or -1 (out of memory). */
int keeld_drain(struct keeld *k, const struct drain *d, bool undo, size_t *matched);
/* The real servers' health as IPVS is given it (drains included); NULL
 * without checks (-P). */
const struct ipvs_health *keeld_health(struct keeld *k);
void keeld_snapshot(const struct keeld *k, struct status_snapshot *s);
void keeld_free(struct keeld *k);

/* keeld_snmp.c: the subagent follows the running config; stop ends it. */
void keeld_snmp_follow(struct keeld *k);
void keeld_snmp_stop(struct keeld *k);
/* The events the agent turns into notifications (arg: the keeld):
 * chk_engine_event_fn and vrrp_state_hook. */
void keeld_snmp_on_check(void *arg, size_t v, size_t r, bool up, const char *why);
void keeld_snmp_on_vrrp(void *arg, const struct vrrp_state_change *c);

/* keeld_mail.c: email alerts of the same events; stop drops those
 * still queued. */
void keeld_mail_on_check(void *arg, size_t v, size_t r, bool up, const char *why);
void keeld_mail_on_vrrp(void *arg, const struct vrrp_state_change *c);
void keeld_mail_stop(struct keeld *k);

#endif
