// SPDX-License-Identifier: GPL-2.0-or-later
/* The running VRRP instances on the libevent loop: one runtime per
 * vrrp_instance, driving the pure FSM with socket and timer events and
 * carrying out its actions (adverts, VIPs, GARP/NA, notify scripts).
 * A reload keeps the state of instances matched by name and key. */
#ifndef KEEL_VRRP_RUN_H
#define KEEL_VRRP_RUN_H

#include <event2/event.h>

#include "cfg.h"
#include "vrrp_fsm.h"
#include "vrrp_prio.h"
#include "vrrp_stats.h"
#include "json.h"

struct vrrp_run;
struct vrrp_procs;

struct vrrp_run *vrrp_run_new(struct event_base *base);
/* Starts, keeps, rebuilds or stops instances to match cfg. Call it with
 * the previous config still allocated; the runtime then points into cfg. */
void vrrp_run_apply(struct vrrp_run *r, const struct config *cfg);
/* Graceful stop: a master sends priority 0 and removes its VIPs. */
void vrrp_run_stop(struct vrrp_run *r);
/* Stops what is still running, then frees. NULL is fine. */
void vrrp_run_free(struct vrrp_run *r);

/* The IPVS sync daemon follows the instance lvs_sync_daemon names: fn
 * hears each change of the role that instance's state asks for. */
typedef void vrrp_syncd_hook(void *arg, const char *instance, enum vrrp_syncd_role role);
void vrrp_run_on_syncd(struct vrrp_run *r, vrrp_syncd_hook *fn, void *arg);
/* The enum vrrp_state of the named instance, -1 when none runs. */
/* The BFD session of bfd_instance name is (not) Up: the instances that
 * track it are looked at now. */
void vrrp_run_bfd(struct vrrp_run *r, const char *name, bool up);
int vrrp_run_state(const struct vrrp_run *r, const char *name);

/* One instance as readers outside the VRRP runtime (SNMP) see it: plain
 * copies, nothing pointing into the runtime or the config. */
struct vrrp_inst_view {
	char name[64];			/* truncated when longer */
	char ifname[16];		/* IFNAMSIZ */
	unsigned vrid;
	int version;			/* 2 or 3 */
	enum vrrp_state state;
	bool init_master;		/* configured state MASTER */
	unsigned base_priority, priority;	/* configured, effective */
	uint64_t advert_int_us;
	bool preempt;			/* not nopreempt */
	uint64_t preempt_delay_us;
	bool accept;
	bool vips_up;
	bool auth_pass, auth_ah;	/* auth_type PASS / AH */
	uint8_t family;			/* AF_INET or AF_INET6 */
	uint8_t src[16], master[16];	/* primary address; last master heard */
	bool has_src, has_master;
	unsigned nvips;
	uint64_t rx_ok, rx_bad, tx;
	/* VRRPv3-MIB's statistics */
	uint32_t master_transitions;
	enum vrrp_master_reason master_reason;
	struct vrrp_stats stats;
};

/* A state change, for notifications (SNMP traps): an instance's (v as it
 * is after the change, index its place in the runtime's order) or a
 * vrrp_sync_group's (v.name and v.state only, index its place among the
 * config's groups). Plain copies: it crosses threads. */
struct vrrp_state_change {
	bool group;
	size_t index;
	enum vrrp_state from;		/* instances; a group's is not kept */
	struct vrrp_inst_view v;
};
typedef void vrrp_state_hook(void *arg, const struct vrrp_state_change *c);
/* fn hears every change, on the runtime's loop; it must not block. */
void vrrp_run_on_state(struct vrrp_run *r, vrrp_state_hook *fn, void *arg);

/* Copies up to cap instances, in the runtime's order, into out; returns
 * how many run (more than cap when out was too small). NULL r: none. */
size_t vrrp_run_views(const struct vrrp_run *r, struct vrrp_inst_view *out, size_t cap);
/* The state of the vrrp_script of that name (vrrp_script.c): unknown when
 * no instance tracks it. */
enum vrrp_obj_state vrrp_script_state(const struct vrrp_run *r, const char *name);
/* Its vrrp_track_process trackers (vrrp_procs.h), or NULL. */
const struct vrrp_procs *vrrp_run_procs(const struct vrrp_run *r);
/* A track file's value as tracking reads it: 0 when it is missing,
 * unreadable or holds no number (vrrp_track.c). */
int64_t vrrp_track_file_read(const char *path);

/* The router's counters (zero for a NULL r). */
void vrrp_run_router_stats(const struct vrrp_run *r, struct vrrp_router_stats *out);

/* For the control socket: an "instances" array, and a text table. */
void vrrp_run_json(const struct vrrp_run *r, struct json_writer *w);
char *vrrp_run_text(const struct vrrp_run *r);

#endif
