// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sdnotify.h"
#include "suites.h"

/* A datagram socket standing in for systemd; returns its fd. */
static int listener(const char *name, bool abstract)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	socklen_t len;

	ck_assert_int_ge(fd, 0);
	strcpy(sa.sun_path, name);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(name));
	if (abstract)
		sa.sun_path[0] = '\0';
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, len), 0);
	return fd;
}

static void expect(int fd, const char *want)
{
	char buf[128];
	ssize_t n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);

	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_str_eq(buf, want);
}

START_TEST(path_socket)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/keel-notify-%d", (int)getpid());
	unlink(path);
	fd = listener(path, false);
	setenv("NOTIFY_SOCKET", path, 1);
	ck_assert_int_eq(sd_notify_state("READY=1"), 0);
	expect(fd, "READY=1");
	ck_assert_int_eq(sd_notify_state("RELOADING=1"), 0);
	expect(fd, "RELOADING=1");
	unsetenv("NOTIFY_SOCKET");
	close(fd);
	unlink(path);
}
END_TEST

START_TEST(abstract_socket)
{
	char name[64];
	int fd;

	snprintf(name, sizeof(name), "@keel-notify-%d", (int)getpid());
	fd = listener(name, true);
	setenv("NOTIFY_SOCKET", name, 1);
	ck_assert_int_eq(sd_notify_state("STOPPING=1"), 0);
	expect(fd, "STOPPING=1");
	unsetenv("NOTIFY_SOCKET");
	close(fd);
}
END_TEST

START_TEST(without_systemd)
{
	unsetenv("NOTIFY_SOCKET");
	ck_assert_int_eq(sd_notify_state("READY=1"), 0);
	setenv("NOTIFY_SOCKET", "relative/path", 1);
	ck_assert_int_eq(sd_notify_state("READY=1"), -1);
	unsetenv("NOTIFY_SOCKET");
}
END_TEST

Suite *sdnotify_suite(void)
{
	Suite *s = suite_create("sdnotify");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, path_socket);
	tcase_add_test(tc, abstract_socket);
	tcase_add_test(tc, without_systemd);
	suite_add_tcase(s, tc);
	return s;
}
