// SPDX-License-Identifier: GPL-2.0-or-later
/* vrrp_track_process: how many running processes match each tracker, and
 * from that whether it is up (quorum..quorum_max of them, after
 * fork_delay / terminate_delay).
 *
 * keeld reads /proc once, then follows the kernel's process events (the
 * proc connector: fork, exec, comm change, exit), so a tracked process
 * that dies is seen at once and nothing is read while none starts. The
 * kernel sends those events only to the initial network namespace: in
 * another one, keeld reads /proc again every second instead (logged).
 * Zombies do not count. A forked child counts as its parent until it
 * execs (hence fork_delay, as in keepalived). */
#ifndef KEEL_VRRP_PROCS_H
#define KEEL_VRRP_PROCS_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"
#include "vrrp_prio.h"

/* --- pure */

/* Does t match a process? comm: its name (/proc/PID/comm, at most 15
 * characters); cmd: its command line, len bytes of NUL-terminated
 * arguments (/proc/PID/cmdline), read only when vrrp_proc_wants_cmdline.
 * Without parameters, param_match or full_command the name is matched
 * (a configured name longer than 15 characters by its first 15, as the
 * kernel keeps it); else the command line: its first argument equal to
 * the command, then the parameters as param_match says. */
bool vrrp_proc_matches(const struct cfg_track_process *t, const char *comm, const char *cmd,
		       size_t len);
bool vrrp_proc_wants_cmdline(const struct cfg_track_process *t);
/* quorum <= n <= quorum_max */
bool vrrp_proc_quorum(const struct cfg_track_process *t, size_t n);

/* --- runtime, on the VRRP thread */

struct vrrp_run;
struct vrrp_procs;

/* Follows cfg's trackers (none: frees it and returns NULL). p may be
 * NULL (first time) or the previous one, reused: after a reload the
 * counts are taken afresh and states start from them without delay. */
struct vrrp_procs *vrrp_procs_apply(struct vrrp_procs *p, struct vrrp_run *r, const struct config *cfg);
/* UNKNOWN for a name it does not track. */
enum vrrp_obj_state vrrp_procs_state(const struct vrrp_procs *p, const char *name);
/* The matching processes running now (0 for a name it does not track). */
size_t vrrp_procs_count(const struct vrrp_procs *p, const char *name);
void vrrp_procs_free(struct vrrp_procs *p);

#endif
