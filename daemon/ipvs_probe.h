// SPDX-License-Identifier: GPL-2.0-or-later
/* The drift check's reads of the kernel's IPVS table, on a worker thread.
 * With 2,500 x 4 entries in the lab VM a digest of /proc/net/ip_vs cost
 * ~100 ms of CPU (the kernel walks its table again for every page of the
 * file) and a full dump ~400 ms: time the main loop's health checks,
 * reloads and control socket would wait for. One read runs at a time, on
 * a netlink socket of its own; its result comes back on the main loop. */
#ifndef KEEL_IPVS_PROBE_H
#define KEEL_IPVS_PROBE_H

#include <event2/event.h>
#include <stdbool.h>
#include <stdint.h>

#include "ipvs_types.h"

enum ipvs_probe_kind {
	IPVS_PROBE_DIGEST,	/* /proc/net/ip_vs's digest only (ipvs_proc.h) */
	IPVS_PROBE_FULL,	/* a dump, with the digest before and after it */
};

struct ipvs_probe_result {
	enum ipvs_probe_kind kind;
	int rc;			/* the dump's (FULL) or the digest read's (DIGEST): 0 or -errno */
	bool have_before, have_after;
	uint64_t before, after;	/* DIGEST: before only */
	struct ipvs_table table;	/* FULL with rc 0: the kernel's; the callback's to keep or free */
	uint64_t took_us;	/* wall time of the read */
};

typedef void ipvs_probe_done_fn(void *arg, struct ipvs_probe_result *r);

/* proc_path: /proc/net/ip_vs. NULL when the socket or the mailbox cannot
 * be had (logged). */
struct ipvs_probe *ipvs_probe_new(struct event_base *base, const char *proc_path,
				  ipvs_probe_done_fn *done, void *arg);
/* Starts a read; done(arg, result) runs on base's loop once it is over.
 * 0, -EBUSY while one runs, or -errno when no thread can be started. */
int ipvs_probe_start(struct ipvs_probe *p, enum ipvs_probe_kind kind);
bool ipvs_probe_busy(const struct ipvs_probe *p);
/* The same read on the calling thread, into *r (its table the caller's to
 * free); not while one runs on the worker. */
void ipvs_probe_read_here(struct ipvs_probe *p, enum ipvs_probe_kind kind, struct ipvs_probe_result *r);
/* Waits for a read in progress and drops its result. NULL is fine. */
void ipvs_probe_free(struct ipvs_probe *p);

#endif
