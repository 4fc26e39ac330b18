// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * chk_wg_run: WG_CHECK (checkers/chk_wg.c) on its own event loop, for the
 * lab. It plays the engine's part: builds one struct chk from the command
 * line, runs COUNT probes INTERVAL apart, cancels a probe at the timeout
 * like the engine does, and checks the checker's contract (exactly one
 * chk_probe_done per started probe, never from inside start()).
 *
 * Prints one line per probe ("probe 3: ok: handshake ok (1.234 ms)") and a
 * summary with the CPU time per probe.
 * Exit: 0 all ok, 1 all failed, 2 mixed, 3 contract broken, 64 usage,
 * 70 setup error.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <event2/event.h>

#include "chk.h"
#include "chk_wg.h"
#include "log.h"
#include "wg_crypto.h"
#include "wg_key.h"

enum { EX_OK, EX_FAIL, EX_MIXED, EX_CONTRACT, EX_USAGE = 64, EX_SETUP = 70 };

struct run {
	struct chk chk;
	struct chk_env env;		/* chk.env */
	struct cfg_rs rs;		/* chk.rs: HOST PORT */
	struct cfg_check conf;		/* -t */
	struct cfg_check_conn conn;	/* conf.conn: --bind */
	struct cfg_check_wg wg;		/* conf.wg */
	struct event_base *base;
	struct event *ev_next, *ev_timeout;
	int count, done, ok, fail, violations;
	double interval;
	bool in_start, in_flight;
	struct timespec t0;
	struct rusage ru0;		/* after init: the probes' own cost */
};

static struct run R;

static double since_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void tv_of(struct timeval *tv, double sec)
{
	tv->tv_sec = (time_t)sec;
	tv->tv_usec = (suseconds_t)((sec - (double)tv->tv_sec) * 1e6);
}

static void result(bool ok, const char *reason)
{
	R.done++;
	ok ? R.ok++ : R.fail++;
	printf("probe %d: %s: %s (%.3f ms)\n", R.done, ok ? "ok" : "fail", reason,
	       since_ms(&R.t0));
	R.in_flight = false;
	evtimer_del(R.ev_timeout);
	if (R.done >= R.count) {
		event_base_loopexit(R.base, NULL);
	} else {
		struct timeval tv;

		tv_of(&tv, R.interval);
		evtimer_add(R.ev_next, &tv);
	}
}

/* The engine's funnel, as the checker sees it. */
void chk_probe_done(struct chk *c, bool ok, const char *reason, int weight)
{
	(void)weight;
	if (c != &R.chk || !R.in_flight || R.in_start) {
		printf("CONTRACT: chk_probe_done %s\n",
		       R.in_start ? "called inside start()" : "without a probe in flight");
		R.violations++;
		if (!R.in_flight)
			return;
	}
	result(ok, reason ? reason : "(no reason)");
}

static void on_timeout(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	R.chk.ops->cancel(&R.chk);
	result(false, "timeout (engine cancel)");
}

static void on_next(evutil_socket_t fd, short what, void *arg)
{
	uint64_t t = chk_timeout_us(&R.conf);
	struct timeval tv = { (time_t)(t / 1000000), (suseconds_t)(t % 1000000) };
	int err;

	(void)fd;
	(void)what;
	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &R.t0);
	R.in_flight = true;
	R.in_start = true;
	err = R.chk.ops->start(&R.chk);
	R.in_start = false;
	if (err < 0) {
		result(false, strerror(-err));
		return;
	}
	evtimer_add(R.ev_timeout, &tv);
}

static int parse_key(uint8_t key[WG_KEY_LEN], const char *arg)
{
	char buf[128];
	size_t n;
	FILE *f;

	if (wg_key_from_base64(key, arg, strlen(arg)) == WG_OK)
		return 0;
	f = fopen(arg, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	return wg_key_from_base64(key, buf, n) == WG_OK ? 0 : -1;
}

static int parse_ip(struct cfg_ip *ip, const char *s)
{
	memset(ip, 0, sizeof(*ip));
	ip->af = strchr(s, ':') ? AF_INET6 : AF_INET;
	return inet_pton(ip->af, s, ip->b) == 1 ? 0 : -1;
}

static int parse_port(uint16_t *port, const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v == 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

static int parse_opt(int c, const char *arg)
{
	struct cfg_check_wg *cf = &R.wg;

	switch (c) {
	case 'k': cf->wg_has_probe = true; return parse_key(cf->wg_probe_key, arg);
	case 'r': cf->wg_has_public = true; return parse_key(cf->wg_public_key, arg);
	case 'P': cf->wg_has_psk = true; return parse_key(cf->wg_psk, arg);
	case 't':
		R.conf.timing.connect_timeout = (uint64_t)(atof(arg) * 1e6);
		return R.conf.timing.connect_timeout ? 0 : -1;
	case 'n': R.count = atoi(arg); return R.count > 0 ? 0 : -1;
	case 'i': R.interval = atof(arg); return R.interval >= 0 ? 0 : -1;
	case 'p': return parse_ip(&cf->tunnel_ping, arg);
	case 's': return parse_ip(&cf->tunnel_source, arg);
	case 'b': return parse_ip(&R.conn.bindto, arg);
	default: return -1;
	}
}

static void usage(void)
{
	fputs("usage: chk_wg_run -k PROBE_PRIVATE -r SERVER_PUBLIC [-P PSK] [-t SEC] [-n COUNT]\n"
	      "         [-i SEC] [--ping DST [--inner SRC]] [--bind ADDR] HOST PORT\n"
	      "Keys are base64 or a file holding base64.\n", stderr);
}

static double cpu_us(const struct rusage *ru)
{
	return (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1e6 +
	       (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec);
}

static void summary(void)
{
	struct rusage ru;
	double cpu;

	getrusage(RUSAGE_SELF, &ru);
	cpu = cpu_us(&ru) - cpu_us(&R.ru0);
	printf("summary: ok=%d fail=%d contract_violations=%d cpu_per_probe_us=%.0f\n", R.ok,
	       R.fail, R.violations, R.done ? cpu / R.done : 0.0);
}

static int run(void)
{
	int err;

	R.chk.ops = &chk_wg_ops;
	R.conf.kind = CFG_CHECK_WG;
	R.conf.wg = &R.wg;
	R.conf.conn = &R.conn;
	R.chk.conf = &R.conf;
	R.chk.rs = &R.rs;
	R.chk.env = &R.env;
	R.chk.priv = calloc(1, chk_wg_ops.priv_size);
	R.base = event_base_new();
	if (!R.chk.priv || !R.base)
		return EX_SETUP;
	R.env.base = R.base;
	R.ev_next = evtimer_new(R.base, on_next, NULL);
	R.ev_timeout = evtimer_new(R.base, on_timeout, NULL);
	err = R.chk.ops->init(&R.chk);
	if (err < 0) {
		fprintf(stderr, "chk_wg_run: init: %s\n", strerror(-err));
		err = EX_SETUP;
		goto out;
	}
	getrusage(RUSAGE_SELF, &R.ru0);
	event_active(R.ev_next, EV_TIMEOUT, 0);
	event_base_dispatch(R.base);
	R.chk.ops->fini(&R.chk);
	summary();
	err = R.violations ? EX_CONTRACT : R.fail == 0 ? EX_OK : R.ok == 0 ? EX_FAIL : EX_MIXED;
out:
	event_free(R.ev_next);
	event_free(R.ev_timeout);
	event_base_free(R.base);
	free(R.chk.priv);
	return err;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ping", required_argument, NULL, 'p' },
		{ "inner", required_argument, NULL, 's' },
		{ "bind", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct log_opts lo = { .ident = "chk_wg_run", .console = true, .detail = true };
	int c, rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	R.count = 1;
	R.interval = 0;
	R.conf.timing.connect_timeout = 1000000;
	while ((c = getopt_long(argc, argv, "k:r:P:t:n:i:", longopts, NULL)) != -1) {
		if (parse_opt(c, optarg) < 0) {
			fprintf(stderr, "chk_wg_run: bad option -%c %s\n", c, optarg ? optarg : "");
			usage();
			return EX_USAGE;
		}
	}
	if (!R.wg.wg_has_probe || !R.wg.wg_has_public || argc - optind != 2 ||
	    parse_ip(&R.rs.addr, argv[optind]) < 0 || parse_port(&R.rs.port, argv[optind + 1]) < 0) {
		usage();
		return EX_USAGE;
	}
	log_init(&lo);
	rc = run();
	log_close();
	wg_crypto_cleanup();
	return rc;
}
