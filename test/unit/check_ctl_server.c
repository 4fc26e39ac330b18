// SPDX-License-Identifier: GPL-2.0-or-later
/* The control socket's deferred replies: a request answered later holds
 * up only its own client's next requests (replies stay in order), other
 * clients are served meanwhile, a reply sent at once from inside the
 * dispatch goes out once, and a client gone before its reply is no harm. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <check.h>
#include <event2/event.h>

#include "ctl_server.h"
#include "suites.h"

struct fixture {
	struct event_base *base;
	struct ctl_server *srv;
	struct ctl_later *later;	/* the last "slow" request's */
	char path[64];
	int seq;			/* replies written so far */
};

static void write_n(void *arg, const struct json_flat *req, struct json_writer *w)
{
	struct fixture *f = arg;

	(void)req;
	json_kv_bool(w, "ok", true);
	json_kv_int(w, "n", ++f->seq);
}

/* "slow": deferred; "now": deferred and sent at once; else answered */
static void dispatch(void *arg, const struct json_flat *req, struct json_writer *w)
{
	struct fixture *f = arg;
	const char *cmd = json_flat_str(req, "cmd");

	if (cmd && strcmp(cmd, "slow") == 0) {
		f->later = ctl_server_defer(f->srv);
		ck_assert_ptr_nonnull(f->later);
		json_kv_str(w, "dropped", "yes");
		return;
	}
	if (cmd && strcmp(cmd, "now") == 0) {
		struct ctl_later *l = ctl_server_defer(f->srv);

		ck_assert_ptr_nonnull(l);
		ctl_later_send(l, write_n, f);
		return;
	}
	write_n(f, req, w);
}

static void setup(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "/tmp/keel-ctl-test.%d.sock", (int)getpid());
	f->base = event_base_new();
	ck_assert_ptr_nonnull(f->base);
	f->srv = ctl_server_open(f->base, f->path, dispatch, f);
	ck_assert_ptr_nonnull(f->srv);
}

static void teardown(struct fixture *f)
{
	ctl_server_close(f->srv);
	event_base_free(f->base);
}

static int client(const struct fixture *f)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	strcpy(sa.sun_path, f->path);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	return fd;
}

static void send_str(int fd, const char *s)
{
	ck_assert_int_eq(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

/* a few turns of the loop: accepts, reads and writes settle */
static void spin(struct fixture *f)
{
	for (int i = 0; i < 20; i++)
		event_base_loop(f->base, EVLOOP_NONBLOCK);
}

/* what the client has received so far ("" when nothing) */
static const char *received(int fd)
{
	static char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	if (n < 0) {
		ck_assert_int_eq(errno, EAGAIN);
		n = 0;
	}
	buf[n] = '\0';
	return buf;
}

START_TEST(deferred_reply_holds_only_its_client)
{
	struct fixture f;
	int a, b;

	setup(&f);
	a = client(&f);
	b = client(&f);
	send_str(a, "{\"cmd\":\"slow\"}\n{\"cmd\":\"fast\"}\n");
	spin(&f);
	send_str(b, "{\"cmd\":\"fast\"}\n");
	spin(&f);
	ck_assert_str_eq(received(b), "{\"ok\":true,\"n\":1}\n");
	ck_assert_str_eq(received(a), "");
	/* the slow one's reply, then the request that waited behind it */
	ctl_later_send(f.later, write_n, &f);
	spin(&f);
	ck_assert_str_eq(received(a), "{\"ok\":true,\"n\":2}\n{\"ok\":true,\"n\":3}\n");
	close(a);
	close(b);
	teardown(&f);
}
END_TEST

START_TEST(deferred_reply_sent_at_once_goes_out_once)
{
	struct fixture f;
	int a;

	setup(&f);
	a = client(&f);
	send_str(a, "{\"cmd\":\"now\"}\n{\"cmd\":\"fast\"}\n{\"cmd\":\"now\"}\n");
	spin(&f);
	ck_assert_str_eq(received(a), "{\"ok\":true,\"n\":1}\n{\"ok\":true,\"n\":2}\n{\"ok\":true,\"n\":3}\n");
	close(a);
	teardown(&f);
}
END_TEST

START_TEST(client_gone_before_its_reply)
{
	struct fixture f;
	int a, b;

	setup(&f);
	a = client(&f);
	send_str(a, "{\"cmd\":\"slow\"}\n");
	spin(&f);
	close(a);
	spin(&f);	/* the server sees the client leave and frees it */
	ctl_later_send(f.later, write_n, &f);
	ck_assert_int_eq(f.seq, 0);
	/* the server goes on serving */
	b = client(&f);
	send_str(b, "{\"cmd\":\"fast\"}\n");
	spin(&f);
	ck_assert_str_eq(received(b), "{\"ok\":true,\"n\":1}\n");
	close(b);
	teardown(&f);
}
END_TEST

Suite *ctl_server_suite(void)
{
	Suite *s = suite_create("ctl_server");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, deferred_reply_holds_only_its_client);
	tcase_add_test(tc, deferred_reply_sent_at_once_goes_out_once);
	tcase_add_test(tc, client_gone_before_its_reply);
	suite_add_tcase(s, tc);
	return s;
}
