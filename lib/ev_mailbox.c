// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "ev_base.h"
#include "ev_mailbox.h"

struct mb_msg {
	struct mb_msg *next;
	void (*call)(void *arg);	/* a waited call: the caller owns the message */
	void *arg;
	bool done, ran;
	ev_mailbox_fn *fn;		/* a post: the mailbox owns it, data follows */
	void *ctx;
	max_align_t data[];
};

struct ev_mailbox {
	pthread_mutex_t mu;
	pthread_cond_t done;
	pthread_t owner;
	bool owned;			/* owner is set: ev_mailbox_adopt ran */
	struct mb_msg *head, **tail;
	int efd;
	struct event *ev;
};

static void enqueue(struct ev_mailbox *mb, struct mb_msg *m)
{
	uint64_t one = 1;

	m->next = NULL;
	pthread_mutex_lock(&mb->mu);
	*mb->tail = m;
	mb->tail = &m->next;
	pthread_mutex_unlock(&mb->mu);
	/* an eventfd counter only fails to add at 2^64 - 1 */
	while (write(mb->efd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
}

static struct mb_msg *take_all(struct ev_mailbox *mb)
{
	struct mb_msg *all;

	pthread_mutex_lock(&mb->mu);
	all = mb->head;
	mb->head = NULL;
	mb->tail = &mb->head;
	pthread_mutex_unlock(&mb->mu);
	return all;
}

static void deliver(struct ev_mailbox *mb, struct mb_msg *m)
{
	if (!m->call) {
		m->fn(m->ctx, m->data);
		free(m);
		return;
	}
	m->call(m->arg);
	pthread_mutex_lock(&mb->mu);
	m->done = m->ran = true;
	pthread_cond_broadcast(&mb->done);
	pthread_mutex_unlock(&mb->mu);
}

static void on_mail(evutil_socket_t fd, short what, void *arg)
{
	struct ev_mailbox *mb = arg;
	uint64_t n;

	(void)what;
	if (read(fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
		return;
	for (struct mb_msg *m = take_all(mb), *next; m; m = next) {
		next = m->next;	/* a waited call's message is gone once it is done */
		deliver(mb, m);
	}
}

struct ev_mailbox *ev_mailbox_new(struct event_base *base)
{
	struct ev_mailbox *mb = calloc(1, sizeof(*mb));

	if (!mb)
		return NULL;
	pthread_mutex_init(&mb->mu, NULL);
	pthread_cond_init(&mb->done, NULL);
	mb->tail = &mb->head;
	mb->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (mb->efd >= 0)
		mb->ev = event_new(base, mb->efd, EV_READ | EV_PERSIST, on_mail, mb);
	/* a waited call holds its caller's thread: serve it first */
	if (!mb->ev || keel_event_urgent(mb->ev) < 0 || event_add(mb->ev, NULL) < 0) {
		ev_mailbox_free(mb);
		return NULL;
	}
	return mb;
}

void ev_mailbox_adopt(struct ev_mailbox *mb)
{
	pthread_mutex_lock(&mb->mu);
	mb->owner = pthread_self();
	mb->owned = true;
	pthread_mutex_unlock(&mb->mu);
}

static bool on_owner(struct ev_mailbox *mb)
{
	bool mine;

	pthread_mutex_lock(&mb->mu);
	mine = mb->owned && pthread_equal(mb->owner, pthread_self());
	pthread_mutex_unlock(&mb->mu);
	return mine;
}

/* On the loop's thread, or once that thread is gone. */
void ev_mailbox_free(struct ev_mailbox *mb)
{
	if (!mb)
		return;
	for (struct mb_msg *m = take_all(mb), *next; m; m = next) {
		next = m->next;
		if (m->call) {		/* nobody may wait for ever */
			pthread_mutex_lock(&mb->mu);
			m->done = true;
			pthread_cond_broadcast(&mb->done);
			pthread_mutex_unlock(&mb->mu);
		} else {
			free(m);
		}
	}
	if (mb->ev)
		event_free(mb->ev);
	if (mb->efd >= 0)
		close(mb->efd);
	pthread_cond_destroy(&mb->done);
	pthread_mutex_destroy(&mb->mu);
	free(mb);
}

int ev_mailbox_call(struct ev_mailbox *mb, void (*fn)(void *arg), void *arg)
{
	struct mb_msg m = { .call = fn, .arg = arg };

	if (on_owner(mb)) {
		fn(arg);
		return 0;
	}
	enqueue(mb, &m);
	pthread_mutex_lock(&mb->mu);
	while (!m.done)
		pthread_cond_wait(&mb->done, &mb->mu);
	pthread_mutex_unlock(&mb->mu);
	return m.ran ? 0 : -1;
}

int ev_mailbox_post(struct ev_mailbox *mb, ev_mailbox_fn *fn, void *ctx, const void *data,
		    size_t len)
{
	struct mb_msg *m = malloc(sizeof(*m) + len);

	if (!m)
		return -1;
	*m = (struct mb_msg){ .fn = fn, .ctx = ctx };
	memcpy(m->data, data, len);
	enqueue(mb, m);
	return 0;
}
