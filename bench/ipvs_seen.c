// SPDX-License-Identifier: GPL-2.0-or-later
/* ipvs_seen: how long after a SIGHUP a weight shows in the kernel, for
 * bench/ipvs-program.sh. The bench used to poll /proc/net/ip_vs from
 * Python, which under the lab's emulation took a good share of one of its
 * two CPUs while the daemon reloaded: the observer slowed what it timed
 * (keeld reads a big file with a thread per CPU). Even a C loop reading a
 * page of that file every millisecond made keeld's parse of 2500 x 4 take
 * 28-37 ms instead of 18-28: this asks the kernel over generic netlink
 * for the one service's dests instead (one request, no text), every
 * millisecond. Even so the poller took turns on the CPUs keeld's parse
 * was using: it polls under SCHED_IDLE, so that it runs only on a CPU
 * nothing else wants. It can then only see a change late, never early:
 * the time is taken after the poll that saw it.
 *
 *   ipvs_seen NETPID HUPPID SVC DEST WEIGHT TIMEOUT_S [SRC DST WAIT_S]
 *
 * SVC and DEST as /proc/net/ip_vs writes them ("C6120100:CA6C", IPv4),
 * in the network namespace of NETPID. With SRC and DST, renames SRC over
 * DST (the operator's edit) and waits WAIT_S seconds first. Then sends
 * SIGHUP to HUPPID and polls until DEST under SVC has WEIGHT. Prints
 * "SECONDS POLLS EPOCH" (EPOCH: the wall clock when it showed); exit 1 on
 * a timeout or when the weight was there before the signal. */
#include "config.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipvs_types.h"
#include "nl_ipvs.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "C6120100:CA6C" into an IPv4 address and port; false when not that. */
static bool parse_hex(const char *s, struct in_addr *a, uint16_t *port)
{
	unsigned long addr, p;
	char *end;

	addr = strtoul(s, &end, 16);
	if (*end != ':' || end - s != 8)
		return false;
	p = strtoul(end + 1, &end, 16);
	if (*end || p > 65535)
		return false;
	a->s_addr = htonl((uint32_t)addr);
	*port = (uint16_t)p;
	return true;
}

/* 1: the dest has the weight, 0: another, -1: no such service or dest. */
static int shows(struct nl_ipvs *nl, struct ipvs_entry *e, const struct ipvs_dest *want, int32_t weight)
{
	const struct ipvs_dest *d;

	if (nl_ipvs_dump_dests(nl, e) < 0 || !(d = ipvs_entry_find(e, want)))
		return -1;
	return d->weight == weight;
}

/* The service's protocol: the one it has in the kernel, tried in turn. */
static int find_service(struct nl_ipvs *nl, struct ipvs_entry *e, const struct ipvs_dest *want, int32_t weight)
{
	static const uint16_t protos[] = { IPPROTO_UDP, IPPROTO_TCP, IPPROTO_SCTP };

	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		int s;

		e->svc.protocol = protos[i];
		if ((s = shows(nl, e, want, weight)) >= 0)
			return s;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct ipvs_entry e = { .svc = { .af = AF_INET } };
	struct ipvs_dest want = { .af = AF_INET };
	struct nl_ipvs *nl = NULL;
	char path[64];
	double t0, t1, limit;
	unsigned long polls = 0;
	int32_t weight;
	int s, ns;

	if (argc != 7 && argc != 10) {
		fprintf(stderr, "usage: ipvs_seen NETPID HUPPID SVC DEST WEIGHT TIMEOUT_S [SRC DST WAIT_S]\n");
		return 2;
	}
	if (!parse_hex(argv[3], &e.svc.addr.in4, &e.svc.port) || !parse_hex(argv[4], &want.addr.in4, &want.port)) {
		fprintf(stderr, "ipvs_seen: SVC and DEST as /proc/net/ip_vs writes IPv4 ones\n");
		return 2;
	}
	weight = (int32_t)atol(argv[5]);
	limit = atof(argv[6]);
	snprintf(path, sizeof(path), "/proc/%s/ns/net", argv[1]);
	if ((ns = open(path, O_RDONLY | O_CLOEXEC)) < 0 || setns(ns, CLONE_NEWNET) < 0 || nl_ipvs_open(&nl) < 0) {
		perror("ipvs_seen: the daemon's IPVS");
		return 2;
	}
	s = find_service(nl, &e, &want, weight);
	if (s != 0) {
		printf(s == 1 ? "FAIL already\n" : "FAIL no such service or dest\n");
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
	{
		const struct sched_param idle = { 0 };

		if (sched_setscheduler(0, SCHED_IDLE, &idle) != 0) {
			perror("ipvs_seen: SCHED_IDLE");
			return 2;
		}
	}
	t0 = now();
	if (kill((pid_t)atol(argv[2]), SIGHUP) != 0) {
		perror("ipvs_seen: kill");
		return 2;
	}
	for (;;) {
		const struct timespec ms = { 0, 1000000 };

		s = shows(nl, &e, &want, weight);
		t1 = now();
		polls++;
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
		printf("%.4f %lu %.6f\n", t1 - t0, polls, (double)wall.tv_sec + (double)wall.tv_nsec / 1e9);
	}
	nl_ipvs_close(nl);
	return 0;
}
