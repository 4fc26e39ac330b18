// SPDX-License-Identifier: GPL-2.0-or-later
/* Where probes wait for their socket (chk_wait() in chk.h): one epoll set
 * behind one libevent event, rather than an event of their own. With
 * 10,000 TCP_CHECKs most probes are in flight together, and an event each
 * (128 bytes, plus libevent's per-fd map that never shrinks) was 1.5 MB;
 * here a probe costs the kernel's entry and one epoll_ctl, where the event
 * cost a malloc, an add and a delete. Entries are one-shot: a fired entry
 * stays in the set disarmed until its fd is closed, so a closed fd still
 * open in a forked child cannot call a probe that has moved on. */
#include "config.h"

#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "chk_engine_int.h"

#define WAIT_BATCH 256	/* ready entries per turn of the loop; more stay ready */

static void on_ready(evutil_socket_t fd, short what, void *arg)
{
	struct epoll_event ev[WAIT_BATCH];
	int n;

	(void)what, (void)arg;
	do
		n = epoll_wait(fd, ev, WAIT_BATCH, 0);
	while (n < 0 && errno == EINTR);
	for (int i = 0; i < n; i++) {
		struct chk_engine_state *st = ev[i].data.ptr;
		/* a probe that ended unwaited before it (a timeout) is gone from the set */
		if (st->running && st->c.ops->ready)
			st->c.ops->ready(&st->c);
	}
}

int chk_wait_init(struct chk_engine *e)
{
	e->wait_fd = epoll_create1(EPOLL_CLOEXEC);
	if (e->wait_fd < 0)
		return -errno;
	e->wait_ev = event_new(e->env.base, e->wait_fd, EV_READ | EV_PERSIST, on_ready, e);
	if (!e->wait_ev || event_add(e->wait_ev, NULL) < 0)
		return -ENOMEM;
	return 0;
}

void chk_wait_fini(struct chk_engine *e)
{
	if (e->wait_ev)
		event_free(e->wait_ev);
	if (e->wait_fd >= 0)
		close(e->wait_fd);
	e->wait_ev = NULL;
	e->wait_fd = -1;
}

int chk_wait(struct chk *c, int fd, short what)
{
	struct chk_engine_state *st = (struct chk_engine_state *)c;
	struct epoll_event ev = {
		.events = EPOLLONESHOT | (what & EV_READ ? EPOLLIN : 0) | (what & EV_WRITE ? EPOLLOUT : 0),
		.data.ptr = st,
	};

	if (epoll_ctl(st->e->wait_fd, EPOLL_CTL_ADD, fd, &ev) == 0)
		return 0;
	/* the probe waits on this fd again: its fired entry is still there */
	if (errno == EEXIST && epoll_ctl(st->e->wait_fd, EPOLL_CTL_MOD, fd, &ev) == 0)
		return 0;
	return -errno;
}

void chk_unwait(struct chk *c, int fd)
{
	struct chk_engine_state *st = (struct chk_engine_state *)c;

	epoll_ctl(st->e->wait_fd, EPOLL_CTL_DEL, fd, NULL);
}
