// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wg_probe: one WireGuard health probe from the command line, for the lab.
 * Sends a handshake initiation to HOST PORT, waits for the response, prints
 * "handshake ok" with the round trip, and optionally pings an inner address
 * through the tunnel. It can fix the ephemeral key, clock and index and dump
 * every packet, so a handshake with kernel WireGuard becomes unit-test data;
 * and it can flood the backend first to make it answer with a cookie reply.
 *
 * Exit: 0 ok, 1 no response, 2 invalid response, 3 tunnel ping failed,
 * 64 usage, 70 setup error.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wg_icmp.h"
#include "wg_key.h"
#include "wg_noise.h"
#include "wg_wire.h"

enum { EX_OK, EX_NORESP, EX_INVALID, EX_PING, EX_USAGE = 64, EX_SETUP = 70 };

struct opts {
	const char *host, *port;
	uint8_t priv[WG_KEY_LEN], remote[WG_KEY_LEN], psk[WG_KEY_LEN];
	int have_psk;
	double timeout;
	int count, attempts, flood;
	double interval;
	const char *ping_dst, *ping_src;
	int fixed;			/* fixed ephemeral, clock, index, ping id */
	uint8_t fixed_eph[WG_KEY_LEN];
	struct timespec fixed_wall;
	uint32_t fixed_sender;
	FILE *dump;
};

struct probe {
	const struct opts *o;
	int fd;
	struct wg_peer peer;
	struct wg_handshake hs;
	struct wg_session sess;
	double rtt_ms;
};

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void dump_hex(const struct opts *o, const char *name, const uint8_t *p, size_t n)
{
	if (!o->dump)
		return;
	fprintf(o->dump, "%s=", name);
	for (size_t i = 0; i < n; i++)
		fprintf(o->dump, "%02x", p[i]);
	fputc('\n', o->dump);
}

/* A key given as base64 text, or as the name of a file holding it. */
static int load_key(uint8_t key[WG_KEY_LEN], const char *arg)
{
	char buf[128];
	size_t n = strlen(arg);
	FILE *f;

	if (wg_key_from_base64(key, arg, n) == WG_OK)
		return 0;
	f = fopen(arg, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		n--;
	return wg_key_from_base64(key, buf, n) == WG_OK ? 0 : -1;
}

static int open_socket(const char *host, const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST };
	struct addrinfo *ai;
	int fd, rc = getaddrinfo(host, port, &hints, &ai);

	if (rc) {
		fprintf(stderr, "wg_probe: %s port %s: %s\n", host, port, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	/* Connected: only the backend's packets arrive, and ICMP errors show. */
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0)
		perror("wg_probe: socket");
	freeaddrinfo(ai);
	return fd;
}

/* Waits until deadline for a packet: its length, 0 on timeout, -errno. */
static ssize_t recv_until(int fd, uint8_t *buf, size_t cap, uint64_t deadline)
{
	for (;;) {
		uint64_t now = mono_ns();
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int ms;

		if (now >= deadline)
			return 0;
		ms = (int)((deadline - now + 999999) / 1000000);
		if (poll(&pfd, 1, ms) < 0 && errno != EINTR)
			return -errno;
		n = recv(fd, buf, cap, MSG_DONTWAIT);
		if (n >= 0)
			return n;
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
	}
}

static int send_initiation(struct probe *pr, uint64_t *sent_at)
{
	const struct opts *o = pr->o;
	struct wg_init_opts io = { .mono_ns = mono_ns() };
	uint8_t msg[WG_INITIATION_LEN];
	int err;

	clock_gettime(CLOCK_REALTIME, &io.wall);
	if (o->fixed) {
		io.wall = o->fixed_wall;
		io.ephemeral = o->fixed_eph;
		io.sender = &o->fixed_sender;
	}
	err = wg_build_initiation(&pr->peer, &pr->hs, &io, msg);
	if (err) {
		fprintf(stderr, "wg_probe: build initiation: %s\n", wg_strerror(err));
		return -1;
	}
	dump_hex(o, "initiation", msg, sizeof(msg));
	*sent_at = mono_ns();
	if (send(pr->fd, msg, sizeof(msg), 0) < 0 && errno != ECONNREFUSED) {
		perror("wg_probe: send");
		return -1;
	}
	return 0;
}

/*
 * Reads until the response, a cookie reply (1: resend), or the deadline.
 * Packets that are not a valid answer are counted in *bad and waited past:
 * they may be forged, and the real answer can still come.
 */
static int await_answer(struct probe *pr, uint64_t sent_at, uint64_t deadline, int *bad)
{
	uint8_t buf[2048];

	for (;;) {
		ssize_t n = recv_until(pr->fd, buf, sizeof(buf), deadline);
		int err;

		if (n == -ECONNREFUSED)
			return -ECONNREFUSED;
		if (n <= 0)
			return n == 0 ? -ETIMEDOUT : (int)n;
		if (wg_msg_type(buf, (size_t)n) == WG_MSG_COOKIE) {
			err = wg_consume_cookie_reply(&pr->peer, &pr->hs, buf, (size_t)n, mono_ns());
			if (err == WG_OK) {
				dump_hex(pr->o, "cookie_reply", buf, (size_t)n);
				return 1;
			}
		} else {
			err = wg_consume_response(&pr->peer, &pr->hs, buf, (size_t)n, &pr->sess);
			if (err == WG_OK) {
				pr->rtt_ms = (double)(mono_ns() - sent_at) / 1e6;
				dump_hex(pr->o, "response", buf, (size_t)n);
				return 0;
			}
		}
		printf("  ignored %zd-byte packet (type %d): %s\n", n, wg_msg_type(buf, (size_t)n),
		       wg_strerror(err));
		*bad = err;
	}
}

/* One handshake, resending after a cookie reply or a timeout. */
static int handshake(struct probe *pr, int num)
{
	const struct opts *o = pr->o;
	int bad = 0, rc = -ETIMEDOUT;

	for (int attempt = 0; attempt < o->attempts + 1; attempt++) {
		uint64_t sent_at;

		if (send_initiation(pr, &sent_at) < 0)
			return EX_SETUP;
		rc = await_answer(pr, sent_at, sent_at + (uint64_t)(o->timeout * 1e9), &bad);
		if (rc == 1) {
			printf("probe %d: cookie reply received, retrying with mac2\n", num);
			continue;
		}
		if (rc != -ETIMEDOUT)
			break;
		if (attempt + 1 < o->attempts)
			printf("probe %d: attempt %d timed out\n", num, attempt + 1);
		else
			break;
	}
	if (rc == 0) {
		printf("probe %d: handshake ok rtt=%.3f ms\n", num, pr->rtt_ms);
		return EX_OK;
	}
	if (rc == -ECONNREFUSED) {
		printf("probe %d: no response (port unreachable)\n", num);
		return EX_NORESP;
	}
	if (bad) {
		printf("probe %d: invalid response: %s\n", num, wg_strerror(bad));
		return EX_INVALID;
	}
	printf("probe %d: no response (timeout after %.1f s)\n", num, o->timeout);
	return EX_NORESP;
}

static int parse_inner(struct wg_echo *e, const char *src, const char *dst)
{
	memset(e, 0, sizeof(*e));
	e->family = strchr(dst, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(e->family, src, e->src) != 1 || inet_pton(e->family, dst, e->dst) != 1)
		return -1;
	return 0;
}

/* Sends an echo request through the tunnel; waits for its encrypted reply. */
static int tunnel_ping(struct probe *pr, int num)
{
	static const uint8_t payload[] = "keel tunnel ping";
	const struct opts *o = pr->o;
	uint8_t ip[256], msg[512], buf[2048], plain[2048];
	size_t ip_len, msg_len, plain_len;
	struct wg_echo e;
	uint64_t t0, deadline;
	int err;

	if (parse_inner(&e, o->ping_src, o->ping_dst) < 0) {
		fprintf(stderr, "wg_probe: bad inner address %s or %s\n", o->ping_src, o->ping_dst);
		return EX_USAGE;
	}
	e.id = o->fixed ? 0x6b6c : (uint16_t)getpid();
	e.seq = (uint16_t)num;
	e.data = payload;
	e.data_len = sizeof(payload) - 1;
	err = wg_echo_request(&e, ip, sizeof(ip), &ip_len);
	if (!err)
		err = wg_data_seal(&pr->sess, ip, ip_len, msg, sizeof(msg), &msg_len);
	if (err) {
		fprintf(stderr, "wg_probe: tunnel ping: %s\n", wg_strerror(err));
		return EX_SETUP;
	}
	if (o->dump)
		fprintf(o->dump, "ping_src=%s\nping_dst=%s\nping_id=%u\nping_seq=%u\n", o->ping_src,
			o->ping_dst, e.id, e.seq);
	dump_hex(o, "data_out", msg, msg_len);
	t0 = mono_ns();
	deadline = t0 + (uint64_t)(o->timeout * 1e9);
	if (send(pr->fd, msg, msg_len, 0) < 0) {
		perror("wg_probe: send");
		return EX_PING;
	}
	for (;;) {
		ssize_t n = recv_until(pr->fd, buf, sizeof(buf), deadline);

		if (n <= 0)
			break;
		err = wg_data_open(&pr->sess, buf, (size_t)n, plain, sizeof(plain), &plain_len);
		if (err == WG_OK && plain_len == 0)
			continue;	/* keepalive */
		if (err == WG_OK)
			err = wg_echo_match(&e, plain, plain_len);
		if (err == WG_OK) {
			dump_hex(o, "data_in", buf, (size_t)n);
			printf("probe %d: tunnel ping ok rtt=%.3f ms\n", num,
			       (double)(mono_ns() - t0) / 1e6);
			return EX_OK;
		}
		printf("  ignored %zd-byte packet in the tunnel: %s\n", n, wg_strerror(err));
	}
	printf("probe %d: tunnel ping failed: no echo reply\n", num);
	return EX_PING;
}

/*
 * Makes the backend busy: initiations with a valid mac1 and random contents
 * each cost it a Diffie-Hellman before they fail, so its handshake queue
 * fills and it answers with cookie replies. A child process sends them, in
 * bursts of o->flood with sendmmsg from a prebuilt pool (the kernel does
 * not care that they repeat), from a socket of its own whose cookie replies
 * nobody reads, until the probe is over. Returns the child's pid.
 */
#define FLOOD_POOL 64

static pid_t flood_start(const struct probe *pr)
{
	static uint8_t pool[FLOOD_POOL][WG_INITIATION_LEN];
	struct mmsghdr mm[FLOOD_POOL];
	struct iovec iov[FLOOD_POOL];
	pid_t pid = fork();
	int fd;

	if (pid != 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < FLOOD_POOL; i++) {
		uint8_t *msg = pool[i];

		if (wg_random(msg, WG_INITIATION_LEN) != WG_OK)
			_exit(1);
		wg_put_header(msg, WG_MSG_INITIATION);
		wg_mac(msg + 116, pr->peer.mac1_key, WG_HASH_LEN, msg, 116);
		memset(msg + 132, 0, WG_MAC_LEN);
		iov[i] = (struct iovec){ msg, WG_INITIATION_LEN };
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	fd = open_socket(pr->o->host, pr->o->port);
	for (;;) {
		for (int sent = 0; fd >= 0 && sent < pr->o->flood; sent += FLOOD_POOL)
			(void)sendmmsg(fd, mm, FLOOD_POOL, 0);
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
}

static void flood_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void dump_setup(const struct opts *o)
{
	struct utsname u;

	if (!o->dump)
		return;
	uname(&u);
	fprintf(o->dump, "# wg_probe capture against %s %s WireGuard\n", u.sysname, u.release);
	dump_hex(o, "private", o->priv, WG_KEY_LEN);
	dump_hex(o, "remote", o->remote, WG_KEY_LEN);
	if (o->have_psk)
		dump_hex(o, "psk", o->psk, WG_KEY_LEN);
	if (o->fixed) {
		dump_hex(o, "ephemeral", o->fixed_eph, WG_KEY_LEN);
		fprintf(o->dump, "wall=%lld.%09ld\nsender=%u\n", (long long)o->fixed_wall.tv_sec,
			o->fixed_wall.tv_nsec, o->fixed_sender);
	}
}

static int run(const struct opts *o)
{
	struct probe pr = { .o = o };
	pid_t flooder = 0;
	int rc = EX_OK, err;

	pr.fd = open_socket(o->host, o->port);
	if (pr.fd < 0)
		return EX_SETUP;
	err = wg_peer_init(&pr.peer, o->priv, o->remote, o->have_psk ? o->psk : NULL);
	if (err) {
		fprintf(stderr, "wg_probe: keys: %s\n", wg_strerror(err));
		close(pr.fd);
		return EX_SETUP;
	}
	wg_handshake_init(&pr.hs);
	dump_setup(o);
	if (o->flood) {
		flooder = flood_start(&pr);
		printf("flooding in bursts of %d initiations\n", o->flood);
		/* Give the backend's handshake queue time to fill. */
		nanosleep(&(struct timespec){ 0, 500000000 }, NULL);
	}
	for (int i = 1; i <= o->count && rc == EX_OK; i++) {
		if (i > 1 && o->interval > 0)
			nanosleep(&(struct timespec){ (time_t)o->interval,
						      (long)((o->interval - (time_t)o->interval) * 1e9) },
				  NULL);
		rc = handshake(&pr, i);
		if (rc == EX_OK && o->ping_dst)
			rc = tunnel_ping(&pr, i);
		wg_session_clear(&pr.sess);
	}
	flood_stop(flooder);
	wg_handshake_free(&pr.hs);
	wg_peer_free(&pr.peer);
	close(pr.fd);
	return rc;
}

/*
 * --echo PORT: a plain UDP echo server (IPv4 and IPv6), the "not WireGuard"
 * backend of the lab test. Built in because Python starts too slowly
 * under emulation and socat is not installed everywhere.
 */
static int echo_server(const char *port)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT };
	struct sockaddr_storage from;
	uint8_t buf[4096];
	int off = 0, fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	sa.sin6_port = htons((uint16_t)atoi(port));
	if (fd < 0 || setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("wg_probe: echo server");
		return EX_SETUP;
	}
	printf("echo server on port %s\n", port);
	for (;;) {
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);

		if (n >= 0)
			(void)sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fl);
	}
}

static void usage(void)
{
	fputs("usage: wg_probe --echo PORT\n"
	      "       wg_probe -k PRIVATE -r REMOTE_PUBLIC [-P PSK] [-t SEC] [-n COUNT]\n"
	      "         [-i SEC] [-a ATTEMPTS] [--ping DST --inner SRC] [--flood N]\n"
	      "         [--fixed EPHEMERAL,UNIXSEC.NSEC,INDEX] [--dump FILE] HOST PORT\n"
	      "Keys are base64 or a file holding base64.\n", stderr);
}

static int parse_fixed(struct opts *o, char *arg)
{
	char *eph = strtok(arg, ","), *wall = strtok(NULL, ","), *idx = strtok(NULL, ",");
	long long sec;
	long nsec;
	unsigned long sender;

	if (!eph || !wall || !idx || load_key(o->fixed_eph, eph) < 0 ||
	    sscanf(wall, "%lld.%ld", &sec, &nsec) != 2 || sscanf(idx, "%lu", &sender) != 1)
		return -1;
	o->fixed_wall.tv_sec = (time_t)sec;
	o->fixed_wall.tv_nsec = nsec;
	o->fixed_sender = (uint32_t)sender;
	o->fixed = 1;
	return 0;
}

static int parse_opt(struct opts *o, int c, char *arg)
{
	switch (c) {
	case 'k': return load_key(o->priv, arg);
	case 'r': return load_key(o->remote, arg);
	case 'P': o->have_psk = 1; return load_key(o->psk, arg);
	case 't': o->timeout = atof(arg); return o->timeout > 0 ? 0 : -1;
	case 'n': o->count = atoi(arg); return o->count > 0 ? 0 : -1;
	case 'i': o->interval = atof(arg); return o->interval >= 0 ? 0 : -1;
	case 'a': o->attempts = atoi(arg); return o->attempts > 0 ? 0 : -1;
	case 'p': o->ping_dst = arg; return 0;
	case 's': o->ping_src = arg; return 0;
	case 'f': o->flood = atoi(arg); return o->flood > 0 ? 0 : -1;
	case 'x': return parse_fixed(o, arg);
	case 'd': o->dump = fopen(arg, "w"); return o->dump ? 0 : -1;
	default: return -1;
	}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "remote", required_argument, NULL, 'r' },
		{ "psk", required_argument, NULL, 'P' },
		{ "timeout", required_argument, NULL, 't' },
		{ "count", required_argument, NULL, 'n' },
		{ "interval", required_argument, NULL, 'i' },
		{ "attempts", required_argument, NULL, 'a' },
		{ "ping", required_argument, NULL, 'p' },
		{ "inner", required_argument, NULL, 's' },
		{ "flood", required_argument, NULL, 'f' },
		{ "fixed", required_argument, NULL, 'x' },
		{ "dump", required_argument, NULL, 'd' },
		{ "echo", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .timeout = 2, .count = 1, .attempts = 1 };
	int c, have_k = 0, have_r = 0, rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt_long(argc, argv, "k:r:P:t:n:i:a:d:", longopts, NULL)) != -1) {
		if (c == 'e')
			return echo_server(optarg);
		if (parse_opt(&o, c, optarg) < 0) {
			fprintf(stderr, "wg_probe: bad option -%c %s\n", c, optarg ? optarg : "");
			usage();
			return EX_USAGE;
		}
		have_k |= c == 'k';
		have_r |= c == 'r';
	}
	if (!have_k || !have_r || argc - optind != 2 || (!o.ping_dst != !o.ping_src)) {
		usage();
		return EX_USAGE;
	}
	o.host = argv[optind];
	o.port = argv[optind + 1];
	rc = run(&o);
	if (o.dump)
		fclose(o.dump);
	wg_crypto_cleanup();
	return rc;
}
