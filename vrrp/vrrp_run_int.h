// SPDX-License-Identifier: GPL-2.0-or-later
/* Internals shared by vrrp_run.c (instance life and reload),
 * vrrp_inst_fsm.c (FSM driving), vrrp_timers.c (timers on the loop),
 * vrrp_advert.c (socket and adverts), vrrp_inst_vips.c (VIPs and GARP),
 * vrrp_track.c (interfaces and files), vrrp_script.c (vrrp_script runs),
 * vrrp_group.c (sync groups) and vrrp_show.c (control socket views). */
#ifndef KEEL_VRRP_RUN_INT_H
#define KEEL_VRRP_RUN_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp_accept.h"
#include "vrrp_fsm.h"
#include "vrrp_linkmon.h"
#include "vrrp_net.h"
#include "vrrp_pace.h"
#include "vrrp_prio.h"
#include "vrrp_promote.h"
#include "vrrp_routes.h"
#include "vrrp_run.h"
#include "vrrp_vip.h"
#include "vrrp_vmac.h"

struct vrrp_inst;
struct vrrp_group;
struct vrrp_script_rt;
struct vrrp_bfd_seen;
struct notify_fifo;

struct vrrp_timer_ev {
	struct vrrp_inst *inst;
	enum vrrp_timer which;
	struct event *ev;
	uint64_t due_us;	/* monotonic time it is armed for */
	uint64_t set_us;	/* the deadline the loop holds: earlier when
				 * the timer was pushed later (vrrp_timer_arm) */
	bool firing;		/* its callback is running */
	bool armed;		/* the FSM wants it at due_us; the loop holds
				 * it too unless its link watches it */
	bool slotted;		/* the advert timer: armed in a slot */
};

struct vrrp_inst {
	struct vrrp_run *run;
	const struct cfg_vrrp *c;	/* into the running config */
	const struct config *cfg;
	struct vrrp_fsm_conf fc;
	struct vrrp_fsm f;
	sa_family_t family;
	struct vrrp_ip src;
	struct vrrp_ip *peers;
	struct vrrp_ttl_range *peer_ttl;	/* one per peer: min_ttl/max_ttl */
	size_t npeers;
	struct vrrp_link *link;		/* its socket, shared on the link */
	struct vrrp_net *net;
	struct vrrp_vmac vmac;		/* use_vmac */
	struct vrrp_vmac *avmac;	/* use_vmac_addr: one per other interface */
	bool *avmac_up;			/* each is up and carries its VIPs */
	size_t navmac;
	bool has_vmac;			/* vmac is up and carries the VIPs */
	bool dropping;			/* its VIPs are in the no_accept drop sets */
	struct vrrp_timer_ev timers[VRRP_TIMER_COUNT];
	bool vips_up;
	bool fault;			/* our interface or a tracked object failed */
	bool src_gone;			/* track_src_ip: the source is not there */
	bool promoting;			/* holds promote_secondaries on its interface */
	int weight;			/* sum of tracking weights now */
	struct vrrp_group *group;	/* its vrrp_sync_group, if any */
	size_t group_idx;		/* its place in group->m */
	struct vrrp_ip master;		/* last advert's sender */
	uint8_t master_prio;
	uint64_t master_at_us;		/* 0: none seen */
	uint64_t rx_ok, rx_bad, tx;
	uint32_t master_transitions;
	enum vrrp_master_reason master_reason;
	struct vrrp_stats stats;
	struct vrrp_inst *next;
};

/* The interfaces read in one tracking poll (vrrp_track.c). */
#define VRRP_IF_MEMO_MAX 16
struct vrrp_if_memo {
	bool on;			/* a poll runs */
	unsigned n;
	char name[VRRP_IF_MEMO_MAX][IF_NAMESIZE];
	bool ok[VRRP_IF_MEMO_MAX];
	/* track_src_ip: the addresses, read once for all instances of a poll
	 * or a link event (each read is a netlink dump of every address) */
	struct vrrp_addrs *addrs;
};

struct vrrp_run {
	struct event_base *base;
	struct vrrp_vips *vips;
	struct vrrp_pace *pace;		/* gratuitous ARPs / NAs, paced */
	struct vrrp_inst *insts;
	struct vrrp_link *links;	/* the sockets the instances share */
	struct vrrp_slot *slots, *spare_slots;	/* advert timers (vrrp_slots.c) */
	struct vrrp_script_rt *scripts;
	struct vrrp_procs *procs;	/* vrrp_track_process (vrrp_procs.h) */
	struct vrrp_group *groups;
	bool started;			/* an apply has run: init_file overwrite done */
	/* vrrp_startup_delay: until it fires, instances stay in INIT (a
	 * reload meanwhile starts none either); only keeld's start waits */
	struct event *startup;
	bool holding;
	int ioctl_fd;
	struct vrrp_linkmon *linkmon;	/* link events; NULL: links are polled */
	struct vrrp_ifdelay *ifdelays;	/* interface_up_down_delays (vrrp_ifdelay.c) */
	struct vrrp_promote *promote;	/* promote_secondaries set by keel */
	struct event *track;		/* the tracking poll (vrrp_track.c) */
	unsigned track_tick;
	struct vrrp_if_memo if_memo;
	struct vrrp_accept *accept;	/* no_accept drop sets */
	const struct config *static_held;	/* static_* in the kernel (vrrp_static.c) */
	vrrp_syncd_hook *syncd_fn;
	void *syncd_arg;
	vrrp_state_hook *state_fn;
	void *state_arg;
	struct notify_fifo *fifo_all, *fifo_vrrp;	/* notify_fifo, vrrp_notify_fifo */
	struct vrrp_router_stats stats;	/* for the life of the runtime */
	bool log_unknown_vrids;		/* the running config's */
	struct vrrp_bfd_seen *bfds;	/* BFD sessions' Up-ness, as told (vrrp_track.c) */
	size_t nbfds;
};

/* vrrp_run.c: a config address as the codec's. */
void vrrp_ip_of_cfg(const struct cfg_ip *in, struct vrrp_ip *out);

/* vrrp_inst_fsm.c: one event through i's FSM, its actions carried out. */
void vrrp_inst_event(struct vrrp_inst *i, const struct vrrp_event *ev);
/* The same for an event that happened at `at` (monotonic, not after now):
 * the timers it arms run from then. */
void vrrp_inst_event_at(struct vrrp_inst *i, const struct vrrp_event *ev, uint64_t at);
/* The no_accept drop sets hold c's addresses (drop) or not; whether i's
 * state wants them to. */
void vrrp_inst_accept_follow(struct vrrp_inst *i, const struct cfg_vrrp *c, bool drop);
bool vrrp_inst_accept_wants_drop(const struct vrrp_inst *i);

/* vrrp_advert.c: opens the instance's socket once its interface has an
 * address: 0. */
int vrrp_inst_open(struct vrrp_inst *i);
/* After a reload (old: the config before): another mcast_dst_ip moves
 * the instance to that group's socket. */
void vrrp_inst_regroup(struct vrrp_inst *i, const struct cfg_vrrp *old);
/* VRRP_AUTH_NONE, _PASS or _AH (v2 only; AH over IPv4 only). */
uint8_t vrrp_inst_auth(const struct vrrp_inst *i);
/* One advert of priority prio, if the socket is open. */
void vrrp_inst_send_advert(struct vrrp_inst *i, uint8_t prio);

/* vrrp_inst_vips.c: the VIPs (add) or none, with their routes and rules;
 * count rounds of GARP/NA for them; garp_extra_if's round; after a
 * reload kept a master (old: the config before), the new config's VIPs,
 * routes and rules. */
void vrrp_inst_vips_change(struct vrrp_inst *i, bool add);
/* A route or rule the kernel deleted: a master whose virtual one it was
 * leaves MASTER (keepalived 2.2.7). */
struct vrrp_rt_gone;
void vrrp_inst_route_gone(struct vrrp_inst *i, const struct vrrp_rt_gone *g);
void vrrp_inst_garp(struct vrrp_inst *i, unsigned count);
void vrrp_inst_garp_extra(struct vrrp_inst *i);
void vrrp_inst_vips_reconcile(struct vrrp_inst *i, const struct cfg_vrrp *old);

/* vrrp_timers.c: the monotonic clock, in microseconds. */
uint64_t vrrp_now_us(void);
/* Adds the loop timer ev for the monotonic time due_us. */
void vrrp_loop_add(struct vrrp_run *r, struct event *ev, uint64_t due_us);
/* Arms t usec after `at` (the FSM's TIMER_ARM), or stops it. */
void vrrp_timer_arm(struct vrrp_inst *i, struct vrrp_timer_ev *t, uint64_t usec, uint64_t at);
void vrrp_timer_stop(struct vrrp_timer_ev *t);
/* The loop's callback of each instance timer (arg: the vrrp_timer_ev). */
void vrrp_timer_on_loop(evutil_socket_t fd, short what, void *arg);
/* Runs t's expiry through the FSM (now: the time). */
void vrrp_timer_fire(struct vrrp_timer_ev *t, uint64_t now);

/* vrrp_slots.c: arms the advert timer t for t->due_us, in the slot of
 * that deadline (0, or -1 logged); slots_free at the end of the runtime. */
int vrrp_slots_arm(struct vrrp_run *r, struct vrrp_timer_ev *t);
void vrrp_slots_free(struct vrrp_run *r);

/* One datagram its link read for i (its VRID, or naming none). */
void vrrp_inst_rx(struct vrrp_inst *i, const struct vrrp_dgram *dg);

/* vrrp_link.c: the socket of the instances alike on a link (k), opened
 * by the first; NULL with the reason logged. put: the last closes it. */
struct vrrp_link *vrrp_link_get(struct vrrp_run *r, const struct vrrp_sock_key *k);
struct vrrp_sock *vrrp_link_sock(struct vrrp_link *l);
/* sets the socket's SO_RCVBUF from its instances' shares (vrrp_rxbuf.h),
 * each vrrp_inst_rx_share(i, the interface's MTU) (vrrp_advert.c) */
void vrrp_link_size_rx(struct vrrp_link *l);
uint32_t vrrp_inst_rx_share(const struct vrrp_inst *i, unsigned mtu);
void vrrp_link_put(struct vrrp_link *l);
/* Reads the adverts waiting in a link's socket (held there, or behind a
 * late loop) before a master down timer acts on their absence. NULL is
 * fine. */
void vrrp_link_catch_up(struct vrrp_link *l);
/* An instance of l changed state: a link that let adverts wait reads at
 * once again unless all its instances are still backups. NULL is fine. */
void vrrp_link_follow(struct vrrp_link *l);
/* Whether l, while it lets adverts wait, will look at a master down
 * timer due at due_us before then (vrrp_inst_down_timer_check at each of
 * its reads): the loop need not hold it. Backups' timers, pushed by every
 * advert, then cost no wake-up of their own. NULL: false. */
bool vrrp_link_watches(const struct vrrp_link *l, uint64_t due_us);
/* Hands i's master down timer to the loop if it is armed and its link
 * no longer watches it. */
void vrrp_inst_down_timer_check(struct vrrp_inst *i);

/* vrrp_show.c: the copy of i readers outside the runtime get. */
void vrrp_inst_view_of(const struct vrrp_inst *i, struct vrrp_inst_view *v);

/* vrrp_track.c: polls links and track files once a second (track_start:
 * the run's poll, started once); feeds FAULT /
 * RECOVER / PRIORITY. vrrp_track_eval computes i->fault and i->weight now;
 * vrrp_track_update also feeds the FSM what changed. */
void vrrp_track_eval(struct vrrp_inst *i);
void vrrp_track_update(struct vrrp_inst *i);
/* The instance's tracked objects now, its own lines then its group's
 * (malloc'd, n of them; NULL when out of memory); false when a sync group
 * without sync_group_tracking_weight takes its own weights as 0. */
struct vrrp_tracked *vrrp_track_objects(const struct vrrp_inst *i, size_t *n);
bool vrrp_track_weighs_own(const struct vrrp_inst *i);
/* Starts the poll unless it runs: after an instance starts or a reload
 * (the poll stops itself when no instance needs it). */
int vrrp_track_start(struct vrrp_run *r);
/* The kernel said ifname's link changed (or an address, or anything):
 * the instances concerned are looked at now. */
void vrrp_track_link_event(struct vrrp_run *r, enum vrrp_linkmon_what what, const char *ifname);
/* ifname's flags (IFF_UP, IFF_RUNNING...) read now; 0 when unreadable. */
int vrrp_link_flags(const struct vrrp_run *r, const char *ifname);
/* ifname up and running, read now. */
bool vrrp_track_link_read(struct vrrp_run *r, const char *ifname);
/* init_file: creates missing track files; at the first apply, overwrite. */
void vrrp_track_files_init(const struct config *cfg, bool first);

/* A bfd_instance's session as the BFD thread last told: down until told. */
enum vrrp_obj_state vrrp_bfd_state(const struct vrrp_run *r, const char *name);
void vrrp_bfd_free(struct vrrp_run *r);

/* vrrp_script.c: one runtime per vrrp_script some instance tracks, kept
 * across reloads when its definition is the same. */
int vrrp_scripts_apply(struct vrrp_run *r, const struct config *cfg);
void vrrp_scripts_free(struct vrrp_run *r);

/* vrrp_group.c: sync groups over the running instances. */
void vrrp_groups_apply(struct vrrp_run *r, const struct config *cfg);
void vrrp_groups_free(struct vrrp_run *r);
const struct cfg_sync_group *vrrp_group_conf(const struct vrrp_group *g);
const struct vrrp_group *vrrp_group_next(const struct vrrp_group *g);
/* The state the group last notified; VRRP_STATE_COUNT: none yet. */
enum vrrp_state vrrp_group_notified(const struct vrrp_group *g);
/* i went from `from` to its state now: the other members follow. */
void vrrp_group_follow(struct vrrp_inst *i, enum vrrp_state from);

/* vrrp_notify.c: notify scripts for entering state s, not waited on. */
void vrrp_notify(const struct vrrp_inst *i, enum vrrp_state s, uint8_t prio);
/* Its priority moved (notify_priority_changes): MASTER_PRIORITY or
 * BACKUP_PRIORITY on the FIFOs. */
void vrrp_notify_priority(const struct vrrp_inst *i);
/* As master it heard an advert of lower priority: MASTER_RX_LOWER_PRI on
 * the FIFOs and notify_master_rx_lower_pri (run as configured). */
void vrrp_notify_rx_lower(const struct vrrp_inst *i);
/* fifo_write_vrrp_states_on_reload: the groups' and instances' states
 * now, on the FIFOs only. */
void vrrp_notify_states(const struct vrrp_run *r);
/* member: any member, for the loop and the global script settings */
void vrrp_notify_group(const struct vrrp_inst *member, const struct cfg_sync_group *g,
		       enum vrrp_state s);

#endif
