// SPDX-License-Identifier: GPL-2.0-or-later
/* Internals shared by vrrp_run.c (life and FSM driving), vrrp_track.c
 * (interface tracking) and vrrp_show.c (control socket views). */
#ifndef KEEL_VRRP_RUN_INT_H
#define KEEL_VRRP_RUN_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp_fsm.h"
#include "vrrp_net.h"
#include "vrrp_run.h"
#include "vrrp_vip.h"
#include "vrrp_vmac.h"

struct vrrp_inst;

struct vrrp_timer_ev {
	struct vrrp_inst *inst;
	enum vrrp_timer which;
	struct event *ev;
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
	size_t npeers;
	struct vrrp_net *net;
	struct vrrp_vmac vmac;		/* use_vmac */
	bool has_vmac;			/* vmac is up and carries the VIPs */
	struct event *rx, *track;
	struct vrrp_timer_ev timers[VRRP_TIMER_COUNT];
	bool vips_up;
	bool fault;			/* our interface or a tracked one is down */
	int weight;			/* sum of track_interface weights now */
	struct vrrp_ip master;		/* last advert's sender */
	uint8_t master_prio;
	uint64_t master_at_us;		/* 0: none seen */
	uint64_t rx_ok, rx_bad, tx;
	struct vrrp_inst *next;
};

struct vrrp_run {
	struct event_base *base;
	struct vrrp_vips *vips;
	struct vrrp_inst *insts;
	int ioctl_fd;
	vrrp_syncd_hook *syncd_fn;
	void *syncd_arg;
};

uint64_t vrrp_now_us(void);
void vrrp_inst_event(struct vrrp_inst *i, const struct vrrp_event *ev);
/* Opens the instance's socket once its interface has an address: 0. */
int vrrp_inst_open(struct vrrp_inst *i);

/* vrrp_track.c: polls the links once a second; feeds FAULT / RECOVER /
 * PRIORITY. vrrp_track_eval computes i->fault and i->weight now. */
void vrrp_track_eval(struct vrrp_inst *i);
int vrrp_track_start(struct vrrp_inst *i);

/* vrrp_notify.c: notify scripts for entering state s, not waited on. */
void vrrp_notify(const struct vrrp_inst *i, enum vrrp_state s, uint8_t prio);

#endif
