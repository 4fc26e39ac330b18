// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pidfile.h"

int pidfile_create(const char *path)
{
	char buf[24];
	int fd, len, saved;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0)
		goto fail;
	len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)len, 0) != len)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

void pidfile_remove(const char *path, int fd)
{
	if (fd < 0)
		return;
	unlink(path);
	close(fd);
}

int pidfile_path(const char *given, const char *rundir, const char *netns, const char *instance,
		 bool use_pid_dir, char *out, size_t len)
{
	int n;

	if (given)
		n = snprintf(out, len, "%s", given);
	else if (!netns && !instance && !use_pid_dir)
		n = snprintf(out, len, "%s/keeld.pid", rundir);
	else
		n = snprintf(out, len, "%s/keel%s%s/keeld%s%s.pid", rundir, netns ? "/" : "",
			     netns ? netns : "", instance ? "_" : "", instance ? instance : "");
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int pidfile_mkdirs(const char *path)
{
	char dir[4096];
	size_t n = strlen(path);

	if (n >= sizeof(dir))
		return -1;
	memcpy(dir, path, n + 1);
	for (char *s = strchr(dir + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return 0;
}
