// SPDX-License-Identifier: GPL-2.0-or-later
/* syn_floor: the floor under TCP_CHECK's cost for bench/tcp-checks.sh.
 * The bench's workload (N listeners, each probed once a second) probed by
 * a bare loop with nothing else in it: a half-open probe as keeld sends it
 * (a SYN from a raw socket, the SYN-ACK read back through the same socket
 * filter, the kernel's RST for it), the probes due in each 4 ms sent with
 * one sendmmsg and the answers read with recvmmsg in the same turn (keeld
 * starts the probes due within 4 ms together, chk_sched.c). What this
 * process's CPU time then counts is the packets' own cost in the lab, the
 * listener's kernel work that the lab's links charge to the sender
 * included: no daemon probes for less.
 *
 *   syn_floor SRC DST FIRST_PORT N SECS
 *
 * Prints "SENT ANSWERED CPU_S US_PER_ANSWER"; exit 1 when nothing answered. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "chk_syn_pkt.h"

#define TICK_NS 4000000L
#define BATCH 256

static double cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* The answers waiting on fd: SYN-ACKs counted. */
static unsigned long drain(int fd, uint32_t isn)
{
	static uint8_t buf[BATCH][128];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	unsigned long answered = 0;
	int n;

	do {
		for (int i = 0; i < BATCH; i++) {
			iov[i] = (struct iovec){ buf[i], sizeof(buf[i]) };
			mm[i] = (struct mmsghdr){ .msg_hdr = { .msg_iov = &iov[i], .msg_iovlen = 1 } };
		}
		n = recvmmsg(fd, mm, BATCH, MSG_DONTWAIT, NULL);
		for (int i = 0; i < n; i++) {
			struct in_addr from;
			struct syn_seg seg;

			if (syn_parse_v4(buf[i], mm[i].msg_len, &from, &seg) == 0 &&
			    syn_judge(&seg, isn) == SYN_LISTENING)
				answered++;
		}
	} while (n == BATCH);
	return answered;
}

int main(int argc, char **argv)
{
	struct sockaddr_in src = { .sin_family = AF_INET }, dst = { .sin_family = AF_INET };
	static uint8_t seg[BATCH][SYN_SEG_LEN];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	struct sock_filter prog[SYN_FILTER_MAX];
	struct sock_fprog fprog = { .filter = prog };
	socklen_t alen = sizeof(src);
	unsigned long sent = 0, answered = 0, n, first, ticks;
	const uint32_t isn = 0x5eed0000u;
	struct timespec next;
	double c0, c1;
	int raw, hold, rcvbuf = 4 << 20;

	if (argc != 6 || inet_pton(AF_INET, argv[1], &src.sin_addr) != 1 ||
	    inet_pton(AF_INET, argv[2], &dst.sin_addr) != 1) {
		fprintf(stderr, "usage: syn_floor SRC DST FIRST_PORT N SECS\n");
		return 2;
	}
	first = strtoul(argv[3], NULL, 10);
	n = strtoul(argv[4], NULL, 10);
	ticks = strtoul(argv[5], NULL, 10) * (1000000000L / TICK_NS);
	raw = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	hold = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	/* the source port held by a socket that never listens: the kernel
	 * resets every SYN-ACK, as for keeld's probes */
	if (raw < 0 || hold < 0 || bind(hold, (struct sockaddr *)&src, sizeof(src)) < 0 ||
	    getsockname(hold, (struct sockaddr *)&src, &alen) < 0) {
		perror("syn_floor: sockets");
		return 2;
	}
	fprog.len = (unsigned short)syn_filter(prog, AF_INET, ntohs(src.sin_port));
	if (setsockopt(raw, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof(fprog)) < 0 ||
	    (setsockopt(raw, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0 &&
	     setsockopt(raw, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) < 0)) {
		perror("syn_floor: socket options");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &next);
	c0 = cpu_s();
	for (unsigned long t = 0, k = 0; t < ticks; t++) {
		/* the probes due by the end of this tick, N a second */
		unsigned long due = (t + 1) * n * (unsigned long)TICK_NS / 1000000000UL;

		while (k < due) {
			int m = 0;

			for (; k < due && m < BATCH; k++, m++) {
				syn_build(seg[m], ntohs(src.sin_port), (uint16_t)(first + k % n), isn);
				syn_checksum_v4(seg[m], SYN_SEG_LEN, src.sin_addr, dst.sin_addr);
				iov[m] = (struct iovec){ seg[m], SYN_SEG_LEN };
				mm[m] = (struct mmsghdr){ .msg_hdr = { .msg_name = &dst, .msg_namelen = sizeof(dst),
									.msg_iov = &iov[m], .msg_iovlen = 1 } };
			}
			for (int done = 0, r; done < m; done += r, sent += (unsigned long)r)
				if ((r = sendmmsg(raw, mm + done, (unsigned)(m - done), 0)) <= 0) {
					if (errno != ENOBUFS && errno != EAGAIN) {
						perror("syn_floor: sendmmsg");
						return 2;
					}
					break;	/* a full queue: these probes are lost */
				}
		}
		answered += drain(raw, isn);
		next.tv_nsec += TICK_NS;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_sec++;
			next.tv_nsec -= 1000000000L;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	answered += drain(raw, isn);
	c1 = cpu_s();
	printf("%lu %lu %.2f %.0f\n", sent, answered, c1 - c0, answered ? (c1 - c0) * 1e6 / (double)answered : 0.0);
	return answered ? 0 : 1;
}
