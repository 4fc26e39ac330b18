// SPDX-License-Identifier: GPL-2.0-or-later
/* ipvs_floor: the floor under IPVS programming for bench/ipvs-program.sh.
 * The bench's workload (S UDP services, sh, DR, persistence 180 s, D dests
 * each) goes over one generic-netlink socket with nothing else in the way:
 * every message is built before the clock starts, then a bare loop sends
 * them and reads the ACKs.
 *
 *   ipvs_floor S D [BATCH [late,lastack,sched=NAME]]
 *
 * BATCH 1 (the default) sends one request and waits for its ACK, as
 * keepalived and ipvsadm do; BATCH n sends n requests in one datagram, then
 * reads their n ACKs. "late" adds each service with rr and sets sh after
 * its dests (one request more per service); "lastack" asks for an ACK only
 * from the last request of each datagram (refusals come anyway);
 * "sched=NAME" gives the services another scheduler than sh. Prints
 * "OBJECTS SECONDS OBJECTS_PER_S"; exit 1 when the kernel refused
 * anything. Run it in a fresh network namespace.
 *
 * Measured in the lab VM (6.1, TCG, a loaded host), 1,000 x 10: one ACK at
 * a time 1.35 s, 64 per datagram 0.34 s, 64 lastack 0.38 s, 64 late
 * 41.7 s (changing a service's scheduler waits for an RCU grace period):
 * batching pays; dropping ACKs or deferring sh does not. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <linux/ip_vs.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "nl_ipvs_attr.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct wire {
	uint8_t *buf;
	size_t len, cap, n;
	size_t *off;		/* where message i starts */
};

static int append(struct wire *w, struct nl_msg *m)
{
	struct nlmsghdr *h = nlmsg_hdr(m);
	size_t len = NLMSG_ALIGN(h->nlmsg_len);

	while (w->len + len > w->cap) {
		w->cap = w->cap ? w->cap * 2 : 1 << 20;
		if (!(w->buf = realloc(w->buf, w->cap)))
			return -ENOMEM;
	}
	if (!(w->off = reallocarray(w->off, w->n + 2, sizeof(*w->off))))
		return -ENOMEM;
	h->nlmsg_seq = (uint32_t)w->n + 1;
	memcpy(w->buf + w->len, h, h->nlmsg_len);
	w->off[w->n++] = w->len;
	w->len += len;
	w->off[w->n] = w->len;
	return 0;
}

/* One request: the service (all settings with a service command), and
 * the dest d when there is one. */
static int put(struct wire *w, int family, uint8_t cmd, const struct ipvs_service *svc,
	       const struct ipvs_dest *d)
{
	struct nl_msg *m = nlmsg_alloc_size(NL_IPVS_MSG_SIZE);
	int rc;

	if (!m || !genlmsg_put(m, 0, 0, family, 0, NLM_F_REQUEST | NLM_F_ACK, cmd, IPVS_GENL_VERSION))
		return -ENOMEM;
	rc = nl_ipvs_put_service(m, svc, !d);
	if (rc == 0 && d)
		rc = nl_ipvs_put_dest(m, d, true);
	if (rc == 0)
		rc = append(w, m);
	nlmsg_free(m);
	return rc;
}

/* late: each service is added with rr and switched to sh after its dests,
 * so that sh builds its table once instead of on every dest. */
static int build(struct wire *w, int family, unsigned ns, unsigned nd, bool late,
		 const char *sched)
{
	int rc = 0;

	for (unsigned i = 0; i < ns && rc == 0; i++) {
		struct ipvs_service svc = { .af = AF_INET, .protocol = IPPROTO_UDP, .port = 51820,
					    .sched = "sh", .flags = IPVS_SVC_F_PERSISTENT,
					    .timeout = 180, .netmask = 0xffffffff };
		struct ipvs_service first;

		snprintf(svc.sched, sizeof(svc.sched), "%s", sched);
		first = svc;
		svc.addr.in4.s_addr = htonl(0xc6120100u + i);	/* 198.18.1.0 up */
		first.addr = svc.addr;
		if (late)
			strcpy(first.sched, "rr");
		rc = put(w, family, IPVS_CMD_NEW_SERVICE, &first, NULL);
		for (unsigned j = 0; j < nd && rc == 0; j++) {
			struct ipvs_dest d = { .af = AF_INET, .port = 51820, .fwd = IPVS_FWD_DR,
					       .weight = 1 };

			d.addr.in4.s_addr = htonl(0x64400100u + i * nd + j);	/* 100.64.1.0 up */
			rc = put(w, family, IPVS_CMD_NEW_DEST, &svc, &d);
		}
		if (late && rc == 0)
			rc = put(w, family, IPVS_CMD_SET_SERVICE, &svc, NULL);
	}
	return rc;
}

/* Reads until n ACKs came, or with n 0 until the ACK of request last; the
 * number of refusals, or -errno. */
static int acks(int fd, size_t n, uint32_t last, uint8_t *rbuf, size_t rlen)
{
	int refused = 0;
	bool done = false;

	while (!done) {
		ssize_t got = recv(fd, rbuf, rlen, 0);
		struct nlmsghdr *h = (struct nlmsghdr *)rbuf;
		int rem = (int)got;

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -errno;
		for (; nlmsg_ok(h, rem); h = nlmsg_next(h, &rem)) {
			const struct nlmsgerr *e = NLMSG_DATA(h);

			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			if (e->error && refused++ == 0)
				fprintf(stderr, "ipvs_floor: request %u: %s\n", h->nlmsg_seq, strerror(-e->error));
			done = n ? --n == 0 : h->nlmsg_seq == last;
		}
	}
	return refused;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct wire w = { 0 };
	struct nl_sock *sk;
	unsigned ns, nd, batch;
	bool late, lastack;
	char sched[IP_VS_SCHEDNAME_MAXLEN] = "sh";
	const char *opt;
	int fd, family, one = 1, refused = 0;
	static uint8_t rbuf[1 << 16];
	double t0, t;

	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: ipvs_floor SERVICES DESTS [BATCH [late,lastack,sched=NAME]]\n");
		return 2;
	}
	ns = (unsigned)strtoul(argv[1], NULL, 10);
	nd = (unsigned)strtoul(argv[2], NULL, 10);
	batch = argc >= 4 ? (unsigned)strtoul(argv[3], NULL, 10) : 1;
	late = argc == 5 && strstr(argv[4], "late");
	lastack = argc == 5 && strstr(argv[4], "lastack");
	if (argc == 5 && (opt = strstr(argv[4], "sched=")))
		snprintf(sched, sizeof(sched), "%.*s", (int)strcspn(opt + 6, ","), opt + 6);
	if (!ns || !batch || batch > 256) {
		fprintf(stderr, "ipvs_floor: bad arguments\n");
		return 2;
	}
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk) < 0 || (family = genl_ctrl_resolve(sk, IPVS_GENL_NAME)) < 0) {
		fprintf(stderr, "ipvs_floor: no IPVS generic-netlink family\n");
		return 2;
	}
	fd = nl_socket_get_fd(sk);
	nl_socket_set_buffer_size(sk, 1 << 20, 1 << 20);
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (build(&w, family, ns, nd, late, sched) < 0) {
		fprintf(stderr, "ipvs_floor: out of memory\n");
		return 2;
	}
	for (size_t i = 0; i < w.n; i++) {
		struct nlmsghdr *h = (struct nlmsghdr *)(w.buf + w.off[i]);

		h->nlmsg_pid = nl_socket_get_local_port(sk);
		/* lastack: the kernel still reports every refusal */
		if (lastack && (i + 1) % batch && i + 1 < w.n)
			h->nlmsg_flags &= (uint16_t)~NLM_F_ACK;
	}
	t0 = now();
	for (size_t i = 0; i < w.n && refused >= 0; i += batch) {
		size_t k = w.n - i < batch ? w.n - i : batch;
		ssize_t len = (ssize_t)(w.off[i + k] - w.off[i]);
		int rc;

		if (sendto(fd, w.buf + w.off[i], (size_t)len, 0, (struct sockaddr *)&kernel,
			   sizeof(kernel)) != len) {
			perror("ipvs_floor: sendto");
			return 2;
		}
		rc = acks(fd, lastack ? 0 : k, (uint32_t)(i + k), rbuf, sizeof(rbuf));
		refused = rc < 0 ? rc : refused + rc;
	}
	t = now() - t0;
	printf("%zu %.4f %.0f\n", w.n, t, (double)w.n / t);
	nl_socket_free(sk);
	free(w.buf);
	free(w.off);
	return refused ? 1 : 0;
}
