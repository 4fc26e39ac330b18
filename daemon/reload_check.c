// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "reload_check.h"

int reload_check_write(const char *path, const struct cfg_diag *d)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	int rc = 0;

	if (!f) {
		rc = -errno;
		if (fd >= 0)
			close(fd);
		log_warnx("reload_check_config: cannot write %s: %s", path, strerror(-rc));
		return rc;
	}
	for (size_t i = 0; i < cfg_diag_count(d); i++)
		fprintf(f, "%s\n", cfg_diag_message(d, i));
	if (fclose(f) != 0) {
		rc = -errno;
		log_warnx("reload_check_config: cannot write %s: %s", path, strerror(-rc));
	}
	return rc;
}
