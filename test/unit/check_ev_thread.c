// SPDX-License-Identifier: GPL-2.0-or-later
/* The mailbox between keeld's two loops and the loop thread: calls run
 * on the loop's thread and are waited for, posts arrive in order on the
 * receiving loop, a stopped thread drops what nobody delivered. */
#include <pthread.h>
#include <string.h>

#include <check.h>

#include "ev_base.h"
#include "ev_mailbox.h"
#include "ev_thread.h"
#include "suites.h"

struct where {
	pthread_t tid;
	int runs;
};

static void note_thread(void *arg)
{
	struct where *w = arg;

	w->tid = pthread_self();
	w->runs++;
}

START_TEST(call_runs_on_the_loop_thread_and_waits)
{
	struct ev_thread *t = ev_thread_start("keel-test");
	struct where w = { 0 };

	ck_assert_ptr_nonnull(t);
	for (int n = 0; n < 100; n++)
		ck_assert_int_eq(ev_thread_call(t, note_thread, &w), 0);
	/* waited for: every run is visible once the call returned */
	ck_assert_int_eq(w.runs, 100);
	ck_assert(!pthread_equal(w.tid, pthread_self()));
	ev_thread_stop(t, NULL, NULL);
}
END_TEST

struct nested {
	struct ev_thread *t;
	struct where inner;
	pthread_t outer;
};

/* a call made on the loop's own thread must not wait for itself */
static void call_again(void *arg)
{
	struct nested *n = arg;

	n->outer = pthread_self();
	ev_thread_call(n->t, note_thread, &n->inner);
}

START_TEST(call_from_the_loop_thread_runs_at_once)
{
	struct nested n = { .t = ev_thread_start("keel-test") };

	ck_assert_ptr_nonnull(n.t);
	ck_assert_int_eq(ev_thread_call(n.t, call_again, &n), 0);
	ck_assert_int_eq(n.inner.runs, 1);
	ck_assert(pthread_equal(n.inner.tid, n.outer));
	ev_thread_stop(n.t, NULL, NULL);
}
END_TEST

struct inbox {
	struct event_base *base;
	int got[64];
	int n;
	pthread_t tid;
};

static void receive(void *ctx, const void *data)
{
	struct inbox *in = ctx;

	memcpy(&in->got[in->n++], data, sizeof(int));
	in->tid = pthread_self();
	if (in->n == 64)
		event_base_loopbreak(in->base);
}

struct poster {
	struct ev_mailbox *mb;
	struct inbox *in;
};

static void post_all(void *arg)
{
	struct poster *p = arg;

	for (int k = 0; k < 64; k++)
		ck_assert_int_eq(ev_mailbox_post(p->mb, receive, p->in, &k, sizeof(k)), 0);
}

START_TEST(posts_arrive_in_order_on_the_receiving_loop)
{
	struct inbox in = { .base = keel_event_base_new(false) };
	struct ev_mailbox *mb;
	struct ev_thread *t = ev_thread_start("keel-test");
	struct poster p;

	ck_assert_ptr_nonnull(in.base);
	mb = ev_mailbox_new(in.base);
	ck_assert_ptr_nonnull(mb);
	ev_mailbox_adopt(mb);
	p = (struct poster){ mb, &in };
	/* posted from the other thread while this one does not run its loop */
	ck_assert_int_eq(ev_thread_call(t, post_all, &p), 0);
	ck_assert_int_eq(in.n, 0);
	event_base_dispatch(in.base);
	ck_assert_int_eq(in.n, 64);
	for (int k = 0; k < 64; k++)
		ck_assert_int_eq(in.got[k], k);
	ck_assert(pthread_equal(in.tid, pthread_self()));
	ev_thread_stop(t, NULL, NULL);
	ev_mailbox_free(mb);
	event_base_free(in.base);
}
END_TEST

static void last_words(void *arg)
{
	note_thread(arg);
}

START_TEST(stop_runs_the_last_call_on_the_thread)
{
	struct ev_thread *t = ev_thread_start("keel-test");
	struct where w = { 0 };

	ck_assert_ptr_nonnull(t);
	ev_thread_stop(t, last_words, &w);
	ck_assert_int_eq(w.runs, 1);
	ck_assert(!pthread_equal(w.tid, pthread_self()));
}
END_TEST

START_TEST(undelivered_posts_are_dropped)
{
	struct event_base *base = keel_event_base_new(false);
	struct ev_mailbox *mb = ev_mailbox_new(base);
	struct inbox in = { .base = base };
	int v = 7;

	ck_assert_ptr_nonnull(mb);
	ck_assert_int_eq(ev_mailbox_post(mb, receive, &in, &v, sizeof(v)), 0);
	ev_mailbox_free(mb);	/* ASan/LSan: the copy is freed, nothing delivered */
	ck_assert_int_eq(in.n, 0);
	event_base_free(base);
}
END_TEST

Suite *ev_thread_suite(void)
{
	Suite *s = suite_create("ev_thread");
	TCase *tc = tcase_create("mailbox");

	tcase_add_test(tc, call_runs_on_the_loop_thread_and_waits);
	tcase_add_test(tc, call_from_the_loop_thread_runs_at_once);
	tcase_add_test(tc, posts_arrive_in_order_on_the_receiving_loop);
	tcase_add_test(tc, stop_runs_the_last_call_on_the_thread);
	tcase_add_test(tc, undelivered_posts_are_dropped);
	suite_add_tcase(s, tc);
	return s;
}
