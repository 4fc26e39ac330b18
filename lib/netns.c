// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "netns.h"

static int ipvs_fd = -1;

int netns_open(const char *name)
{
	char path[512];
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", KEEL_NETNS_DIR, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int netns_open_self(void)
{
	int fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int netns_enter(int fd)
{
	return setns(fd, CLONE_NEWNET) < 0 ? -errno : 0;
}

static int open_named(const char *keyword, const char *name)
{
	int fd = netns_open(name);

	if (fd < 0)
		log_warnx("%s %s: cannot open %s/%s: %s (keeld creates none: `ip netns add %s`)",
			  keyword, name, KEEL_NETNS_DIR, name, strerror(-fd), name);
	return fd;
}

int netns_start(const char *net_namespace, bool ipvs_set, const char *ipvs_name)
{
	int started = -1, fd, rc = -1;

	if (ipvs_set && !ipvs_name && !net_namespace)
		ipvs_set = false;	/* IPVS where keeld is, as without it */
	if (ipvs_set && !ipvs_name && (started = netns_open_self()) < 0) {
		log_warnx("net_namespace_ipvs: cannot open keeld's namespace: %s", strerror(-started));
		return -1;
	}
	if (net_namespace) {
		if ((fd = open_named("net_namespace", net_namespace)) < 0)
			goto out;
		rc = netns_enter(fd);
		close(fd);
		if (rc < 0) {
			log_warnx("net_namespace %s: cannot enter it: %s", net_namespace, strerror(-rc));
			goto out;
		}
		rc = -1;
		log_info("running in network namespace %s", net_namespace);
	}
	if (ipvs_set) {
		fd = ipvs_name ? open_named("net_namespace_ipvs", ipvs_name) : started;
		started = -1;
		if (fd < 0)
			goto out;
		netns_ipvs_set(fd);
		log_info("IPVS in network namespace %s", ipvs_name ? ipvs_name : "keeld started in");
	}
	rc = 0;
out:
	if (started >= 0)
		close(started);
	return rc;
}

void netns_ipvs_set(int fd)
{
	ipvs_fd = fd;
}

bool netns_ipvs_elsewhere(void)
{
	return ipvs_fd >= 0;
}

int netns_ipvs_enter(int *back)
{
	int rc;

	*back = -1;
	if (ipvs_fd < 0)
		return 0;
	if ((rc = netns_open_self()) < 0)
		return rc;
	*back = rc;
	if ((rc = netns_enter(ipvs_fd)) < 0) {
		close(*back);
		*back = -1;
	}
	return rc;
}

/* Coming back into a namespace the thread was just in, held open, cannot
 * fail; a thread left in IPVS's would open VRRP's and the checks' sockets
 * there. */
void netns_ipvs_leave(int back)
{
	if (back < 0)
		return;
	if (netns_enter(back) < 0)
		fatal("net_namespace_ipvs: cannot return to keeld's namespace");
	close(back);
}

int netns_ipvs_open_file(const char *path, int flags)
{
	int back, fd, rc = netns_ipvs_enter(&back);

	if (rc < 0)
		return rc;
	fd = open(path, flags);
	rc = fd < 0 ? -errno : fd;
	netns_ipvs_leave(back);
	return rc;
}
