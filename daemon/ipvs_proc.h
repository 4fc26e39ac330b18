// SPDX-License-Identifier: GPL-2.0-or-later
/* The quick drift check: a digest of /proc/net/ip_vs, the kernel's table
 * as text without the statistics a netlink dump carries. Reading it costs
 * a few system calls where a dump is a request per service; its digest
 * equal to the one taken beside the last full dump means the services,
 * dests, weights, forwarding, schedulers and persistence have not moved
 * (what it does not show, thresholds and tunnel options, a full dump
 * still checks now and then). The connection counters are left out. */
#ifndef KEEL_IPVS_PROC_H
#define KEEL_IPVS_PROC_H

#include <stddef.h>
#include <stdint.h>

#define IPVS_PROC_LINE_MAX 256	/* longer lines are digested in pieces */

struct ipvs_proc_digest {
	uint64_t hash;
	size_t len;			/* bytes of the unfinished line */
	char line[IPVS_PROC_LINE_MAX];
};

void ipvs_proc_digest_init(struct ipvs_proc_digest *d);
/* Feeds n bytes of the file, in pieces of any size. */
void ipvs_proc_digest_feed(struct ipvs_proc_digest *d, const char *p, size_t n);
/* The digest of everything fed (a last line without '\n' included). */
uint64_t ipvs_proc_digest_end(struct ipvs_proc_digest *d);

/* The digest of the file at path (/proc/net/ip_vs): 0 or -errno. */
int ipvs_proc_read(const char *path, uint64_t *digest);

#endif
