// SPDX-License-Identifier: GPL-2.0-or-later
/* vrrp_track_process at run time (vrrp_procs.h): a table of the running
 * processes that match a tracker (pid and which trackers), filled from
 * /proc and kept by the proc connector's events. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "vrrp_procs.h"
#include "vrrp_run_int.h"

#define TRACKERS_MAX 64		/* one bit each in an entry's mask */
#define CMDLINE_MAX 4096
#define POLL_US 1000000u

struct tracker {
	const struct cfg_track_process *c;
	size_t count;			/* matching processes now */
	enum vrrp_obj_state state;	/* after the delays */
	struct event *delay;		/* pending change of state */
	struct vrrp_procs *p;
};

struct entry {
	pid_t pid;
	uint64_t mask;			/* bit k: trackers[k] matches it */
};

struct vrrp_procs {
	struct vrrp_run *r;
	struct tracker *t;
	size_t nt;
	struct entry *e;
	size_t ne, cap;
	bool cmdline;			/* a tracker matches command lines */
	int fd;				/* the proc connector, or -1 */
	struct event *rx;
	struct event *poll;		/* without the connector */
	bool applying;			/* the instances are re-read after an apply */
};

/* --- what a process is */

/* comm and whether it runs (not a zombie), from /proc/PID/stat */
static bool read_stat(pid_t pid, char comm[16])
{
	char path[40], buf[512], *lp, *rp;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* "PID (COMM) S ...": the name may hold ')' itself */
	lp = strchr(buf, '(');
	rp = strrchr(buf, ')');
	if (!lp || !rp || rp < lp || rp[1] != ' ' || rp[2] == 'Z' || rp[2] == 'X')
		return false;
	n = rp - lp - 1;
	if (n > 15)
		n = 15;
	memcpy(comm, lp + 1, (size_t)n);
	comm[n] = '\0';
	return true;
}

static size_t read_cmdline(pid_t pid, char *buf, size_t cap)
{
	char path[40];
	size_t len = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (len < cap && (n = read(fd, buf + len, cap - len)) > 0)
		len += (size_t)n;
	close(fd);
	return len;
}

static uint64_t classify(const struct vrrp_procs *p, pid_t pid)
{
	static char cmd[CMDLINE_MAX];
	char comm[16];
	size_t len = 0;
	uint64_t mask = 0;

	if (!read_stat(pid, comm))
		return 0;
	if (p->cmdline)
		len = read_cmdline(pid, cmd, sizeof(cmd));
	for (size_t k = 0; k < p->nt; k++)
		if (vrrp_proc_matches(p->t[k].c, comm, cmd, len))
			mask |= 1ull << k;
	return mask;
}

/* --- the table */

static struct entry *find(struct vrrp_procs *p, pid_t pid)
{
	for (size_t i = 0; i < p->ne; i++)
		if (p->e[i].pid == pid)
			return &p->e[i];
	return NULL;
}

/* pid's mask becomes mask (0: out of the table) */
static void set_mask(struct vrrp_procs *p, pid_t pid, uint64_t mask)
{
	struct entry *e = find(p, pid);

	if (e && mask) {
		e->mask = mask;
	} else if (e) {
		*e = p->e[--p->ne];
	} else if (mask) {
		if (p->ne == p->cap) {
			size_t cap = p->cap ? p->cap * 2 : 16;
			struct entry *ne = realloc(p->e, cap * sizeof(*ne));

			if (!ne) {
				log_warnx("track_process: out of memory; process %d not counted", (int)pid);
				return;
			}
			p->e = ne;
			p->cap = cap;
		}
		p->e[p->ne++] = (struct entry){ pid, mask };
	}
}

/* --- states */

static void commit(struct tracker *t, enum vrrp_obj_state s)
{
	struct vrrp_run *r = t->p->r;

	evtimer_del(t->delay);
	if (t->state == s)
		return;
	if (t->state != VRRP_OBJ_UNKNOWN)
		log_info("track_process %s: %s (%zu processes)", t->c->name, s == VRRP_OBJ_UP ? "up" : "down",
			 t->count);
	t->state = s;
	if (t->p->applying)
		return;
	for (struct vrrp_inst *i = r->insts; i; i = i->next)
		vrrp_track_update(i);
}

static void on_delay(evutil_socket_t fd, short what, void *arg)
{
	struct tracker *t = arg;

	(void)fd, (void)what;
	commit(t, vrrp_proc_quorum(t->c, t->count) ? VRRP_OBJ_UP : VRRP_OBJ_DOWN);
}

/* The counts again; a tracker whose quorum changed moves now or after
 * its delay (at once the first time). */
static void recount(struct vrrp_procs *p)
{
	for (size_t k = 0; k < p->nt; k++) {
		struct tracker *t = &p->t[k];
		enum vrrp_obj_state want;
		uint64_t delay;

		t->count = 0;
		for (size_t i = 0; i < p->ne; i++)
			t->count += (p->e[i].mask >> k) & 1;
		want = vrrp_proc_quorum(t->c, t->count) ? VRRP_OBJ_UP : VRRP_OBJ_DOWN;
		if (want == t->state) {
			evtimer_del(t->delay);
			continue;
		}
		delay = want == VRRP_OBJ_UP ? t->c->fork_delay_us : t->c->terminate_delay_us;
		if (t->state == VRRP_OBJ_UNKNOWN || delay == 0)
			commit(t, want);
		else if (!evtimer_pending(t->delay, NULL))
			vrrp_loop_add(p->r, t->delay, vrrp_now_us() + delay);
	}
}

static void scan(struct vrrp_procs *p)
{
	DIR *d = opendir("/proc");
	struct dirent *de;

	if (!d) {
		log_warn("track_process: /proc");
		return;
	}
	p->ne = 0;
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid_t pid = (pid_t)atoi(de->d_name);
		set_mask(p, pid, classify(p, pid));
	}
	closedir(d);
	recount(p);
}

/* --- the proc connector */

static void on_event(struct vrrp_procs *p, const struct proc_event *ev)
{
	const struct entry *parent;

	switch (ev->what) {
	case PROC_EVENT_FORK:
		/* a new process (not a thread) is its parent until it execs */
		if (ev->event_data.fork.child_pid == ev->event_data.fork.child_tgid &&
		    (parent = find(p, ev->event_data.fork.parent_tgid)) != NULL)
			set_mask(p, ev->event_data.fork.child_tgid, parent->mask);
		break;
	case PROC_EVENT_EXEC:
		set_mask(p, ev->event_data.exec.process_tgid, classify(p, ev->event_data.exec.process_tgid));
		break;
	case PROC_EVENT_COMM:
		if (ev->event_data.comm.process_pid == ev->event_data.comm.process_tgid)
			set_mask(p, ev->event_data.comm.process_tgid,
				 classify(p, ev->event_data.comm.process_tgid));
		break;
	case PROC_EVENT_EXIT:
		if (ev->event_data.exit.process_pid == ev->event_data.exit.process_tgid)
			set_mask(p, ev->event_data.exit.process_tgid, 0);
		break;
	default:
		return;
	}
}

static void on_rx(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_procs *p = arg;
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	bool lost = false;
	ssize_t n;
	int len;

	(void)what;
	while ((n = recv(fd, buf, sizeof(buf), 0)) != 0) {
		if (n < 0) {
			if (errno == ENOBUFS) {
				lost = true;	/* events dropped: read /proc again */
				continue;
			}
			break;
		}
		len = (int)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			const struct cn_msg *cn = NLMSG_DATA(h);
			struct proc_event ev;

			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*cn) + sizeof(ev)) ||
			    cn->id.idx != CN_IDX_PROC || cn->id.val != CN_VAL_PROC)
				continue;
			/* the event follows a 20-byte header: copied to align it */
			memcpy(&ev, cn->data, sizeof(ev));
			on_event(p, &ev);
		}
	}
	if (lost)
		scan(p);
	else
		recount(p);
}

/* The kernel sends process events to the initial network namespace only. */
static bool in_initial_netns(void)
{
	struct stat self, init;

	if (stat("/proc/self/ns/net", &self) < 0 || stat("/proc/1/ns/net", &init) < 0)
		return true;	/* cannot tell: try */
	return self.st_ino == init.st_ino && self.st_dev == init.st_dev;
}

static int cn_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC };
	uint8_t req[NLMSG_LENGTH(sizeof(struct cn_msg) + sizeof(enum proc_cn_mcast_op))] = { 0 };
	struct nlmsghdr *h = (struct nlmsghdr *)req;
	struct cn_msg *cn = NLMSG_DATA(h);
	enum proc_cn_mcast_op op = PROC_CN_MCAST_LISTEN;
	int fd;

	if (!in_initial_netns())
		return -1;
	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR);
	if (fd < 0)
		return -1;
	h->nlmsg_len = sizeof(req);
	h->nlmsg_type = NLMSG_DONE;
	cn->id.idx = CN_IDX_PROC;
	cn->id.val = CN_VAL_PROC;
	cn->len = sizeof(op);
	memcpy(cn->data, &op, sizeof(op));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || send(fd, req, sizeof(req), 0) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void on_poll(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what;
	scan(arg);
}

static int follow(struct vrrp_procs *p)
{
	struct timeval sec = { .tv_sec = POLL_US / 1000000u };

	p->fd = cn_open();
	if (p->fd >= 0) {
		p->rx = event_new(p->r->base, p->fd, EV_READ | EV_PERSIST, on_rx, p);
		if (p->rx && event_add(p->rx, NULL) == 0)
			return 0;
		log_warnx("track_process: cannot watch process events");
		return -1;
	}
	log_info("track_process: no process events here (another network namespace, or no "
		 "CAP_NET_ADMIN): /proc is read every second");
	p->poll = event_new(p->r->base, -1, EV_PERSIST, on_poll, p);
	if (!p->poll || event_add(p->poll, &sec) < 0) {
		log_warnx("track_process: cannot poll /proc");
		return -1;
	}
	return 0;
}

/* --- life */

static void trackers_free(struct vrrp_procs *p)
{
	for (size_t k = 0; k < p->nt; k++)
		if (p->t[k].delay)
			event_free(p->t[k].delay);
	free(p->t);
	p->t = NULL;
	p->nt = 0;
}

void vrrp_procs_free(struct vrrp_procs *p)
{
	if (!p)
		return;
	trackers_free(p);
	if (p->rx)
		event_free(p->rx);
	if (p->poll)
		event_free(p->poll);
	if (p->fd >= 0)
		close(p->fd);
	free(p->e);
	free(p);
}

struct vrrp_procs *vrrp_procs_apply(struct vrrp_procs *p, struct vrrp_run *r, const struct config *cfg)
{
	size_t n = cfg->ntrack_procs;

	if (n == 0) {
		vrrp_procs_free(p);
		return NULL;
	}
	if (n > TRACKERS_MAX) {
		log_warnx("track_process: %zu trackers; the first %d are followed, the others stay down",
			  n, TRACKERS_MAX);
		n = TRACKERS_MAX;
	}
	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p)
			goto oom;
		p->r = r;
		p->fd = -1;
		if (follow(p) < 0) {
			vrrp_procs_free(p);
			return NULL;
		}
	}
	trackers_free(p);
	p->t = calloc(n, sizeof(*p->t));
	if (!p->t)
		goto oom;
	p->nt = n;
	p->cmdline = false;
	for (size_t k = 0; k < n; k++) {
		p->t[k] = (struct tracker){ .c = &cfg->track_procs[k], .p = p };
		p->t[k].delay = evtimer_new(r->base, on_delay, &p->t[k]);
		if (!p->t[k].delay)
			goto oom;
		p->cmdline |= vrrp_proc_wants_cmdline(p->t[k].c);
	}
	p->applying = true;
	scan(p);
	p->applying = false;
	return p;
oom:
	log_warnx("track_process: out of memory; tracked processes count as down");
	vrrp_procs_free(p);
	return NULL;
}

static const struct tracker *tracker_named(const struct vrrp_procs *p, const char *name)
{
	for (size_t k = 0; p && k < p->nt; k++)
		if (strcmp(p->t[k].c->name, name) == 0)
			return &p->t[k];
	return NULL;
}

size_t vrrp_procs_count(const struct vrrp_procs *p, const char *name)
{
	const struct tracker *t = tracker_named(p, name);

	return t ? t->count : 0;
}

enum vrrp_obj_state vrrp_procs_state(const struct vrrp_procs *p, const char *name)
{
	const struct tracker *t = tracker_named(p, name);

	return t ? t->state : VRRP_OBJ_UNKNOWN;
}
