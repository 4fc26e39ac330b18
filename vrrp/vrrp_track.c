// SPDX-License-Identifier: GPL-2.0-or-later
/* Interface tracking by polling: once a second the instance's own
 * interface and its track_interface list are read with SIOCGIFFLAGS (up
 * and running). Without a weight a down interface is a fault; with one
 * it moves the priority (negative when down, positive when up; reverse
 * swaps them), as keepalived.conf(5) describes track_interface. */
#include "config.h"

#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "log.h"
#include "vrrp_run_int.h"

static bool link_ok(int fd, const char *name)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return false;
	return (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
}

void vrrp_track_eval(struct vrrp_inst *i)
{
	int fd = i->run->ioctl_fd, weight = 0;
	bool fault = !link_ok(fd, i->c->ifname);

	if (!fault && vrrp_inst_open(i) < 0)
		fault = true;
	for (size_t k = 0; k < i->c->ntrack_if; k++) {
		const struct cfg_track *t = &i->c->track_if[k];
		bool up = link_ok(fd, t->name);

		if (!t->weight_set || t->weight == 0) {
			fault = fault || !up;
			continue;
		}
		if (t->reverse)
			up = !up;
		if ((t->weight < 0 && !up) || (t->weight > 0 && up))
			weight += t->weight;
	}
	i->fault = fault;
	i->weight = weight;
}

static void poll_links(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_inst *i = arg;
	bool was = i->fault;
	struct vrrp_event ev = { 0 };
	uint8_t prio;

	(void)fd, (void)what;
	vrrp_track_eval(i);
	if (i->fault != was) {
		log_info("VRRP_Instance(%s) %s", i->c->name,
			 i->fault ? "interface down: fault" : "interfaces up again");
		ev.type = i->fault ? VRRP_EV_FAULT : VRRP_EV_RECOVER;
		vrrp_inst_event(i, &ev);
	}
	prio = vrrp_fsm_effective_priority(i->fc.priority, i->weight);
	if (prio != i->f.priority) {
		ev.type = VRRP_EV_PRIORITY;
		ev.priority = prio;
		vrrp_inst_event(i, &ev);
	}
}

int vrrp_track_start(struct vrrp_inst *i)
{
	struct timeval sec = { .tv_sec = 1 };

	i->track = event_new(i->run->base, -1, EV_PERSIST, poll_links, i);
	if (!i->track || event_add(i->track, &sec) < 0) {
		log_warnx("VRRP_Instance(%s) cannot poll its interfaces", i->c->name);
		return -1;
	}
	return 0;
}
