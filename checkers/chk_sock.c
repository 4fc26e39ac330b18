// SPDX-License-Identifier: GPL-2.0-or-later
/* Opening a checker's socket (see chk_sock.h). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chk_sock.h"

int chk_socket(const struct chk *c, int type, int proto)
{
	const struct cfg_check_conn *cf = c->conf->conn;
	union chk_sa to, from;
	socklen_t from_len = chk_source(c, &from);
	int fd, one = 1;

	chk_target(c, &to);
	fd = socket(to.sa.sa_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);

	if (fd < 0)
		return -errno;
	if ((cf->fwmark && setsockopt(fd, SOL_SOCKET, SO_MARK, &cf->fwmark, sizeof(cf->fwmark)) < 0) ||
	    (cf->bind_if && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cf->bind_if,
				       (socklen_t)strlen(cf->bind_if)) < 0) ||
	    (from_len && (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
			  bind(fd, &from.sa, from_len) < 0))) {
		int rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

int chk_socket_connect(const struct chk *c, int type, int proto, const union chk_sa *to,
		       bool *in_progress)
{
	int fd = chk_socket(c, type, proto);
	union chk_sa target;
	socklen_t len = chk_target(c, &target);

	*in_progress = false;
	if (fd < 0)
		return fd;
	if (connect(fd, &(to ? to : &target)->sa, len) == 0)
		return fd;
	if (errno == EINPROGRESS) {
		*in_progress = true;
		return fd;
	}
	int rc = -errno;
	close(fd);
	return rc;
}
