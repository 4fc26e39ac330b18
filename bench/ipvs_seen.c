// SPDX-License-Identifier: GPL-2.0-or-later
/* ipvs_seen: how long after a SIGHUP a weight shows in the kernel, for
 * bench/ipvs-program.sh. The bench used to poll from Python, which under
 * the lab's emulation took a good share of one of its two CPUs while the
 * daemon reloaded: the observer slowed what it timed (keeld reads a big
 * file with a thread per CPU). This polls with one read of a page per
 * millisecond and nothing else.
 *
 *   ipvs_seen NETPID HUPPID SVC DEST WEIGHT TIMEOUT_S [SRC DST WAIT_S]
 *
 * SVC and DEST as /proc/net/ip_vs writes them ("C6120100:CA6C"). With
 * SRC and DST, renames SRC over DST (the operator's edit) and waits WAIT_S
 * seconds first. Then sends SIGHUP to HUPPID and reads
 * /proc/NETPID/net/ip_vs (its first 4 KiB; all of it when SVC is not in
 * them) until DEST under SVC has WEIGHT. Prints "SECONDS READS EPOCH"
 * (EPOCH: the wall clock when it showed); exit 1 on a timeout or when the
 * weight was there before the signal. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 24];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The first len bytes of the file (all of it: len 0), NUL-terminated. */
static size_t read_file(const char *path, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0, want = len ? len : sizeof(buf) - 1;
	ssize_t n;

	if (fd < 0)
		return 0;
	while (got < want && (n = read(fd, buf + got, want - got)) > 0)
		got += (size_t)n;
	close(fd);
	buf[got] = '\0';
	return got;
}

/* 1: the weight is there, 0: another, -1: SVC or DEST not in the text. */
static int shows(const char *svc, const char *dest, const char *weight)
{
	char *line = buf, *next;
	bool in_svc = false;

	for (; *line; line = next) {
		char proto[16], addr[64], fwd[16], w[32];

		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (sscanf(line, "%15s %63s", proto, addr) != 2)
			continue;
		if (strcmp(proto, "->") != 0) {
			in_svc = strcmp(addr, svc) == 0;
		} else if (in_svc && strcmp(addr, dest) == 0) {
			if (sscanf(line, "%*s %*s %15s %31s", fwd, w) != 2)
				return -1;
			return strcmp(w, weight) == 0;
		}
	}
	return -1;
}

int main(int argc, char **argv)
{
	char path[64];
	double t0, t1, limit;
	unsigned long reads = 0;
	int s;

	if (argc != 7 && argc != 10) {
		fprintf(stderr, "usage: ipvs_seen NETPID HUPPID SVC DEST WEIGHT TIMEOUT_S [SRC DST WAIT_S]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/proc/%s/net/ip_vs", argv[1]);
	limit = atof(argv[6]);
	read_file(path, 0);
	if (shows(argv[3], argv[4], argv[5]) == 1) {
		printf("FAIL already\n");
		return 1;
	}
	if (argc == 10) {
		if (rename(argv[7], argv[8]) != 0) {
			perror("ipvs_seen: rename");
			return 2;
		}
		if (atof(argv[9]) > 0) {
			double w = atof(argv[9]);
			struct timespec ts = { (time_t)w, (long)((w - (double)(time_t)w) * 1e9) };

			nanosleep(&ts, NULL);
		}
	}
	t0 = now();
	if (kill((pid_t)atol(argv[2]), SIGHUP) != 0) {
		perror("ipvs_seen: kill");
		return 2;
	}
	for (;;) {
		const struct timespec ms = { 0, 1000000 };

		read_file(path, 4096);
		s = shows(argv[3], argv[4], argv[5]);
		if (s < 0) {
			read_file(path, 0);
			s = shows(argv[3], argv[4], argv[5]);
		}
		t1 = now();
		reads++;
		if (s == 1)
			break;
		if (t1 - t0 > limit) {
			printf("FAIL timeout\n");
			return 1;
		}
		nanosleep(&ms, NULL);
	}
	{
		struct timespec wall;

		clock_gettime(CLOCK_REALTIME, &wall);
		printf("%.4f %lu %.6f\n", t1 - t0, reads, (double)wall.tv_sec + (double)wall.tv_nsec / 1e9);
	}
	return 0;
}
