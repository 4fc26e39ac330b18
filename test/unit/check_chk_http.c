// SPDX-License-Identifier: GPL-2.0-or-later
/* HTTP_GET through the engine and the loop, against a canned server on
 * 127.0.0.1 in the same loop: a passing answer brings an alpha server up,
 * a bad status takes it down, a server that never answers times out and
 * the cancelled probe leaves no fd behind. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chk_engine_int.h"
#include "suites.h"
#include "unit_cfg.h"

/* A server answering every request with one canned response (NULL: never). */
struct canned {
	struct event_base *base;
	int lfd;
	uint16_t port;
	const char *answer;
	struct event *accept_ev;
	struct event *conn_ev[8];
	int conn_fd[8];
	int nconn;
};

static void on_request(evutil_socket_t fd, short what, void *arg)
{
	struct canned *s = arg;
	char buf[2048];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	(void)what;
	for (int i = 0; n <= 0 && i < s->nconn; i++)
		if (s->conn_fd[i] == fd)
			event_del(s->conn_ev[i]);	/* the client is gone */
	if (n <= 0 || !s->answer)
		return;
	buf[n] = '\0';
	if (strstr(buf, "\r\n\r\n") && write(fd, s->answer, strlen(s->answer)) < 0)
		return;
	shutdown(fd, SHUT_WR);
}

static void on_accept(evutil_socket_t fd, short what, void *arg)
{
	struct canned *s = arg;
	int c = accept(fd, NULL, NULL);

	(void)what;
	if (c < 0)
		return;
	if (s->nconn == 8) {
		close(c);
		return;
	}
	s->conn_fd[s->nconn] = c;
	s->conn_ev[s->nconn] = event_new(s->base, c, EV_READ | EV_PERSIST, on_request, s);
	event_add(s->conn_ev[s->nconn++], NULL);
}

static void canned_start(struct canned *s, struct event_base *base, const char *answer)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);

	memset(s, 0, sizeof(*s));
	s->base = base;
	s->answer = answer;
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(s->lfd, 0);
	ck_assert_int_eq(bind(s->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(s->lfd, 8), 0);
	ck_assert_int_eq(getsockname(s->lfd, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	s->accept_ev = event_new(base, s->lfd, EV_READ | EV_PERSIST, on_accept, s);
	event_add(s->accept_ev, NULL);
}

static void canned_stop(struct canned *s)
{
	for (int i = 0; i < s->nconn; i++) {
		event_free(s->conn_ev[i]);
		close(s->conn_fd[i]);
	}
	event_free(s->accept_ev);
	close(s->lfd);
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static void stop_loop(void *arg)
{
	event_base_loopbreak(arg);
}

/* Runs an HTTP_GET against the server until the first transition (or
 * 5 s); returns whether the real server is alive, with the reason. Between
 * probes the checker holds no fd: the engine is still running when the fds
 * are counted (the server's own connections aside). */
static bool probe(const char *answer, const char *check, char *reason, size_t cap)
{
	int fds;
	struct event_base *base = event_base_new();
	struct timeval limit = { 5, 0 };
	struct canned s;
	struct chk_engine *e;
	struct config *cfg;
	char text[1024];
	bool alive;

	canned_start(&s, base, answer);
	snprintf(text, sizeof(text),
		 "virtual_server 192.0.2.1 80 {\n protocol TCP\n delay_loop 1\n"
		 " real_server 127.0.0.1 %u {\n HTTP_GET {\n%s }\n }\n}\n", s.port, check);
	cfg = unit_cfg_load(text);
	e = chk_engine_new(base, cfg, NULL, stop_loop, base);
	ck_assert_ptr_nonnull(e);
	fds = open_fds();	/* the engine's own (its wait set) counted: no probe has run */
	event_base_loopexit(base, &limit);
	event_base_dispatch(base);
	/* a bufferevent freed in its own callback is finalized by the loop
	 * (deferred callbacks, a few rounds); no probe is due for a second */
	for (int i = 0; i < 4; i++)
		event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	ck_assert_int_eq(open_fds() - s.nconn, fds);
	alive = e->rs[0].alive;
	snprintf(reason, cap, "%s", chk_rs_unit(e, &e->rs[0], 0)->reason);
	chk_engine_free(e);
	cfg_free(cfg);
	canned_stop(&s);
	event_base_free(base);
	return alive;
}

/* "hello\n": MD5 b1946ac92492d2347c6235b4d2611184 */
#define HELLO "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n"

START_TEST(passing_answer_brings_alpha_up)
{
	char why[128];

	ck_assert(probe(HELLO, "alpha\n url {\n path /\n digest b1946ac92492d2347c6235b4d2611184\n }\n",
			why, sizeof(why)));
	ck_assert_str_eq(why, "ok");
	/* the body read for the regex alone, no digest */
	ck_assert(probe(HELLO, "alpha\n url {\n path /\n regex \"^hel+o$\"\n regex_options multiline\n }\n",
			why, sizeof(why)));
	ck_assert_str_eq(why, "ok");
}
END_TEST

START_TEST(bad_answers_take_it_down)
{
	char why[128];

	ck_assert(!probe("HTTP/1.0 500 Oops\r\n\r\n", "retry 0\n url {\n path /\n }\n", why, sizeof(why)));
	ck_assert_str_eq(why, "HTTP status 500");
	ck_assert(!probe(HELLO, "retry 0\n url {\n path /\n digest 00000000000000000000000000000000\n }\n",
			 why, sizeof(why)));
	ck_assert_str_eq(why, "digest mismatch");
	ck_assert(!probe(HELLO, "retry 0\n url {\n path /\n status_code 201-299\n }\n", why, sizeof(why)));
	ck_assert_str_eq(why, "HTTP status 200");
	ck_assert(!probe("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhello\n",
			 "retry 0\n url {\n path /\n digest b1946ac92492d2347c6235b4d2611184\n }\n", why,
			 sizeof(why)));
	ck_assert_str_eq(why, "connection closed inside the response");
	ck_assert(!probe(HELLO, "retry 0\n url {\n path /\n regex bye\n }\n", why, sizeof(why)));
	ck_assert_str_eq(why, "regex did not match");
	ck_assert(!probe(HELLO, "retry 0\n url {\n path /\n regex hello\n regex_no_match\n }\n", why,
			 sizeof(why)));
	ck_assert_str_eq(why, "regex matched (regex_no_match)");
}
END_TEST

START_TEST(silent_server_times_out_and_is_released)
{
	char why[128];

	ck_assert(!probe(NULL, "retry 0\n connect_timeout 0.2\n url {\n path /\n }\n", why, sizeof(why)));
	ck_assert_str_eq(why, "timed out");
}
END_TEST

Suite *chk_http_suite(void)
{
	Suite *s = suite_create("chk_http");
	TCase *tc = tcase_create("probe");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, passing_answer_brings_alpha_up);
	tcase_add_test(tc, bad_answers_take_it_down);
	tcase_add_test(tc, silent_server_times_out_and_is_released);
	suite_add_tcase(s, tc);
	return s;
}
