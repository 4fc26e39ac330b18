// SPDX-License-Identifier: GPL-2.0-or-later
/* Tracking: the instance's own interface and its track_interface list
 * are read with SIOCGIFFLAGS (up and running) when the kernel says a link
 * changed (vrrp_linkmon.c), and its track files once a second (a missing
 * or unreadable file, or one without a number, reads as 0). vrrp_script
 * states come from vrrp_script.c, tracked processes' from vrrp_procs.c
 * (which re-reads the instances as soon as one changes).
 * What they make of the instance is decided in vrrp_prio.c. One timer
 * polls a tenth of the instances that need it every 100 ms (those with
 * track files, those still waiting to open their socket, those asking
 * for linkbeat_use_polling, all of them without link events), and reads
 * each interface once per poll: with a
 * timer per instance, 100 instances on one link woke the thread 100 times
 * a second for 100 reads of the same flags; and one poll of all of them
 * at once holds up the adverts due meanwhile. When no instance needs it,
 * the timer stops: an idle router's thread sleeps until an advert is due. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "vrrp_ifdelay.h"
#include "vrrp_procs.h"
#include "vrrp_run_int.h"

/* Each instance is polled once a second, a slice every tenth of it. */
#define TRACK_SLICES 10

int vrrp_link_flags(const struct vrrp_run *r, const char *ifname)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	return ioctl(r->ioctl_fd, SIOCGIFFLAGS, &ifr) < 0 ? 0 : ifr.ifr_flags;
}

static bool link_read(const struct vrrp_run *r, const char *name)
{
	int f = vrrp_link_flags(r, name);

	return (f & IFF_UP) && (f & IFF_RUNNING);
}

/* Up and running; during a poll, as first read in it. */
static bool link_ok(struct vrrp_run *r, const char *name)
{
	struct vrrp_if_memo *m = &r->if_memo;
	bool ok;

	if (!m->on)
		return vrrp_ifdelay_filter(r, name, link_read(r, name));
	for (unsigned k = 0; k < m->n; k++)
		if (strcmp(m->name[k], name) == 0)
			return vrrp_ifdelay_filter(r, name, m->ok[k]);
	ok = link_read(r, name);
	if (m->n < VRRP_IF_MEMO_MAX) {
		snprintf(m->name[m->n], sizeof(m->name[m->n]), "%s", name);
		m->ok[m->n++] = ok;
	}
	return vrrp_ifdelay_filter(r, name, ok);
}

bool vrrp_track_link_read(struct vrrp_run *r, const char *ifname)
{
	return link_read(r, ifname);
}

int64_t vrrp_track_file_read(const char *path)
{
	char buf[64];
	int64_t v = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return vrrp_track_file_parse(buf, &v) ? v : 0;
}

/* The instance's line over the object's weight and reverse. */
static void line_weight(const struct cfg_track *t, int def, bool def_rev, struct vrrp_tracked *o)
{
	const struct vrrp_line l = { .weight_set = t->weight_set, .weight = t->weight,
				     .reverse_set = t->reverse_set, .reverse = t->reverse };

	vrrp_line_weight(&l, def, def_rev, o);
}

static bool named_in(const struct cfg_track *l, size_t n, const char *name)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(l[k].name, name) == 0)
			return true;
	return false;
}

static size_t collect_bfds(const struct vrrp_inst *i, const struct cfg_tracked *set,
			   const struct cfg_tracked *group, struct vrrp_tracked *o, size_t n, size_t cap)
{
	bool g = set == group;

	for (size_t k = 0; k < set->nbfds && n < cap; k++) {
		const struct cfg_track *t = &set->bfds[k];
		const struct cfg_bfd *b = cfg_bfd_named(i->cfg, t->name);

		if (!b || (!g && group && named_in(group->bfds, group->nbfds, t->name)))
			continue;
		o[n] = (struct vrrp_tracked){ .kind = VRRP_OBJ_BFD, .from_group = g, .name = t->name };
		o[n].state = vrrp_bfd_state(i->run, t->name);
		line_weight(t, b->weight, b->weight_reverse, &o[n++]);
	}
	return n;
}

/* The objects of one set of track lines, the instance's or its group's
 * (group), appended at o[n..cap). An instance's line for an object its
 * group tracks too is left out: the group's counts (keepalived 2.2.7). */
static size_t collect(const struct vrrp_inst *i, const struct cfg_tracked *set,
		      const struct cfg_tracked *group, struct vrrp_tracked *o, size_t n, size_t cap)
{
	bool g = set == group;

	for (size_t k = 0; k < set->nifs && n < cap; k++) {
		const struct cfg_track *t = &set->ifs[k];

		if (!g && group && named_in(group->ifs, group->nifs, t->name))
			continue;
		o[n] = (struct vrrp_tracked){ .kind = VRRP_OBJ_IF, .from_group = g, .name = t->name };
		o[n].state = link_ok(i->run, t->name) ? VRRP_OBJ_UP : VRRP_OBJ_DOWN;
		line_weight(t, 0, false, &o[n++]);
	}
	for (size_t k = 0; k < set->nscripts && n < cap; k++) {
		const struct cfg_track *t = &set->scripts[k];
		const struct cfg_vrrp_script *s = cfg_script_named(i->cfg, t->name);

		if (!s || (!g && group && named_in(group->scripts, group->nscripts, t->name)))
			continue;	/* no such script: the validator refuses it */
		o[n] = (struct vrrp_tracked){ .kind = VRRP_OBJ_SCRIPT, .from_group = g, .name = t->name };
		o[n].state = vrrp_script_state(i->run, t->name);
		line_weight(t, s->weight, s->weight_reverse, &o[n++]);
	}
	for (size_t k = 0; k < set->nfiles && n < cap; k++) {
		const struct cfg_track *t = &set->files[k];
		const struct cfg_track_file *f = cfg_track_file_named(i->cfg, t->name);

		if (!f || (!g && group && named_in(group->files, group->nfiles, t->name)))
			continue;
		o[n] = (struct vrrp_tracked){ .kind = VRRP_OBJ_FILE, .from_group = g, .name = t->name,
					      .value = vrrp_track_file_read(f->file) };
		line_weight(t, f->weight, f->weight_reverse, &o[n++]);
	}
	for (size_t k = 0; k < set->nprocs && n < cap; k++) {
		const struct cfg_track *t = &set->procs[k];
		const struct cfg_track_process *tp = cfg_track_process_named(i->cfg, t->name);

		if (!tp || (!g && group && named_in(group->procs, group->nprocs, t->name)))
			continue;
		o[n] = (struct vrrp_tracked){ .kind = VRRP_OBJ_PROCESS, .from_group = g, .name = t->name };
		o[n].state = vrrp_procs_state(i->run->procs, t->name);
		line_weight(t, tp->weight, tp->weight_reverse, &o[n++]);
	}
	return collect_bfds(i, set, group, o, n, cap);
}

static size_t lines(const struct cfg_tracked *t)
{
	return t ? t->nifs + t->nscripts + t->nfiles + t->nprocs + t->nbfds : 0;
}

bool vrrp_track_weighs_own(const struct vrrp_inst *i)
{
	return !i->group || vrrp_group_conf(i->group)->tracking_weight;
}

struct vrrp_tracked *vrrp_track_objects(const struct vrrp_inst *i, size_t *n)
{
	const struct cfg_sync_group *g = i->group ? vrrp_group_conf(i->group) : NULL;
	const struct cfg_tracked *gt = g ? &g->track : NULL;
	size_t cap = lines(&i->c->track) + lines(gt);
	struct vrrp_tracked *objs = calloc(cap ? cap : 1, sizeof(*objs));

	*n = 0;
	if (!objs)
		return NULL;
	*n = collect(i, &i->c->track, gt, objs, 0, cap);
	if (gt)
		*n = collect(i, gt, gt, objs, *n, cap);
	return objs;
}

/* track_src_ip: a multicast instance's source is one of its interface's
 * addresses; a unicast one reaches its peers through any route, and its
 * source may be on any interface. */
static bool src_gone(struct vrrp_inst *i)
{
	struct vrrp_if_memo *m = &i->run->if_memo;
	char a[INET6_ADDRSTRLEN];
	bool gone;

	if (m->on && !m->addrs)
		m->addrs = vrrp_net_addrs();
	gone = !vrrp_net_has_addr(m->on ? m->addrs : NULL, i->npeers ? NULL : i->c->ifname, &i->src);

	if (gone != i->src_gone) {
		inet_ntop(i->src.family, i->src.addr, a, sizeof(a));
		log_info("VRRP_Instance(%s) source address %s %s", i->c->name, a,
			 gone ? "is gone (track_src_ip)" : "is back");
	}
	i->src_gone = gone;
	return gone;
}

void vrrp_track_eval(struct vrrp_inst *i)
{
	size_t n;
	struct vrrp_tracked *objs = vrrp_track_objects(i, &n);
	struct vrrp_track_sum sum = { .fault = true };
	/* unicast_fault_no_peer: an empty peer list is a fault, not multicast */
	bool fault = (!i->c->dont_track_primary && !link_ok(i->run, i->c->ifname)) ||
		     (i->c->unicast_fault_no_peer && !i->npeers);

	if (!fault && vrrp_inst_open(i) < 0)
		fault = true;
	if (!fault && i->c->track_src_ip && src_gone(i))
		fault = true;
	if (objs)
		vrrp_track_sum(objs, n, !vrrp_track_weighs_own(i), &sum);
	else
		log_warnx("VRRP_Instance(%s) out of memory for tracking: fault", i->c->name);
	free(objs);
	i->fault = fault || sum.fault;
	i->weight = sum.weight;
}

void vrrp_track_update(struct vrrp_inst *i)
{
	bool was = i->fault;
	struct vrrp_event ev = { 0 };
	uint8_t prio;

	if (i->f.state == VRRP_STATE_INIT || i->f.state == VRRP_STATE_STOP)
		return;
	vrrp_track_eval(i);
	if (i->fault != was) {
		log_info("VRRP_Instance(%s) %s", i->c->name,
			 i->fault ? "tracked interface, script, file, process or bfd failed: fault"
				  : "tracked objects fine again");
		ev.type = i->fault ? VRRP_EV_FAULT : VRRP_EV_RECOVER;
		vrrp_inst_event(i, &ev);
	}
	prio = vrrp_fsm_effective_priority(i->fc.priority, i->weight);
	if (prio != i->f.priority) {
		log_info("VRRP_Instance(%s) effective priority %u -> %u", i->c->name, i->f.priority,
			 prio);
		ev.type = VRRP_EV_PRIORITY;
		ev.priority = prio;
		vrrp_inst_event(i, &ev);
	}
}

static bool tracks_files(const struct vrrp_inst *i)
{
	return i->c->track.nfiles || (i->group && vrrp_group_conf(i->group)->track.nfiles);
}

/* Polled: what no event announces. */
static bool needs_poll(const struct vrrp_inst *i)
{
	return !i->run->linkmon || !i->net || tracks_files(i) || i->c->linkbeat_use_polling ||
	       i->cfg->global.linkbeat_use_polling;
}

static bool looks_at(const struct vrrp_inst *i, const char *ifname)
{
	const struct cfg_sync_group *g = i->group ? vrrp_group_conf(i->group) : NULL;

	return strcmp(i->c->ifname, ifname) == 0 ||
	       named_in(i->c->track.ifs, i->c->track.nifs, ifname) ||
	       (g && named_in(g->track.ifs, g->track.nifs, ifname));
}

/* One round of tracking: what it reads of the interfaces is read once. */
static void memo_begin(struct vrrp_run *r)
{
	r->if_memo.on = true;
	r->if_memo.n = 0;
}

static void memo_end(struct vrrp_run *r)
{
	r->if_memo.on = false;
	vrrp_net_addrs_free(r->if_memo.addrs);
	r->if_memo.addrs = NULL;
}

void vrrp_track_link_event(struct vrrp_run *r, enum vrrp_linkmon_what what, const char *ifname)
{
	memo_begin(r);
	for (struct vrrp_inst *i = r->insts; i; i = i->next) {
		bool now = what == VRRP_LINKMON_LOST ||
			   (what == VRRP_LINKMON_ADDR && (!i->net || i->c->track_src_ip)) ||
			   (what == VRRP_LINKMON_LINK && looks_at(i, ifname));

		if (now)
			vrrp_track_update(i);
	}
	memo_end(r);
}

static void poll_tracked(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_run *r = arg;
	unsigned k = 0, slice = r->track_tick++ % TRACK_SLICES;
	bool any = false;

	(void)fd, (void)what;
	memo_begin(r);
	for (struct vrrp_inst *i = r->insts; i; i = i->next, k++) {
		if (!needs_poll(i))
			continue;
		any = true;
		if (k % TRACK_SLICES == slice)
			vrrp_track_update(i);
	}
	memo_end(r);
	if (!any)
		event_del(r->track);	/* vrrp_track_start adds it again */
}

int vrrp_track_start(struct vrrp_run *r)
{
	struct timeval sec = { .tv_usec = 1000000 / TRACK_SLICES };

	if (r->track && evtimer_pending(r->track, NULL))
		return 0;
	if (!r->track)
		r->track = event_new(r->base, -1, EV_PERSIST, poll_tracked, r);
	if (!r->track || event_add(r->track, &sec) < 0) {
		log_warnx("VRRP: cannot poll the instances' interfaces");
		if (r->track)
			event_free(r->track);
		r->track = NULL;
		return -1;
	}
	return 0;
}

static void write_value(const struct cfg_track_file *f)
{
	FILE *fp = fopen(f->file, "we");
	bool ok = fp && fprintf(fp, "%lld\n", (long long)f->init_value) > 0;

	if (fp && fclose(fp) != 0)
		ok = false;
	if (!ok) {
		log_warn("track_file %s: cannot initialise %s", f->name, f->file);
		return;
	}
	log_info("track_file %s: %s set to %lld", f->name, f->file, (long long)f->init_value);
}

void vrrp_track_files_init(const struct config *cfg, bool first)
{
	struct stat st;

	for (size_t k = 0; k < cfg->ntrack_files; k++) {
		const struct cfg_track_file *f = &cfg->track_files[k];

		if (!f->init_file)
			continue;
		if (stat(f->file, &st) == 0) {
			if (!first || !f->init_overwrite)
				continue;
			if (!S_ISREG(st.st_mode)) {
				log_warnx("track_file %s: %s is not a regular file; not initialised",
					  f->name, f->file);
				continue;
			}
		} else if (errno != ENOENT) {
			log_warn("track_file %s: %s", f->name, f->file);
			continue;
		}
		write_value(f);
	}
}

/* --- track_bfd: what the BFD thread told */

struct vrrp_bfd_seen {
	char name[CFG_BFD_NAME_MAX + 1];
	bool up;
};

enum vrrp_obj_state vrrp_bfd_state(const struct vrrp_run *r, const char *name)
{
	for (size_t k = 0; k < r->nbfds; k++)
		if (strcmp(r->bfds[k].name, name) == 0)
			return r->bfds[k].up ? VRRP_OBJ_UP : VRRP_OBJ_DOWN;
	return VRRP_OBJ_DOWN;
}

static bool tracks_bfd(const struct vrrp_inst *i, const char *name)
{
	const struct cfg_sync_group *g = i->group ? vrrp_group_conf(i->group) : NULL;

	return named_in(i->c->track.bfds, i->c->track.nbfds, name) ||
	       (g && named_in(g->track.bfds, g->track.nbfds, name));
}

void vrrp_run_bfd(struct vrrp_run *r, const char *name, bool up)
{
	size_t k = 0;
	struct vrrp_bfd_seen *b;

	while (k < r->nbfds && strcmp(r->bfds[k].name, name) != 0)
		k++;
	if (k == r->nbfds) {
		b = realloc(r->bfds, (r->nbfds + 1) * sizeof(*b));
		if (!b) {
			log_warnx("VRRP: out of memory: bfd_instance %s's state is not followed", name);
			return;
		}
		r->bfds = b;
		snprintf(b[k].name, sizeof(b[k].name), "%s", name);
		r->nbfds++;
	}
	r->bfds[k].up = up;
	for (struct vrrp_inst *i = r->insts; i; i = i->next)
		if (tracks_bfd(i, name))
			vrrp_track_update(i);
}

void vrrp_bfd_free(struct vrrp_run *r)
{
	free(r->bfds);
	r->bfds = NULL;
	r->nbfds = 0;
}
