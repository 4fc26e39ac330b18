// SPDX-License-Identifier: GPL-2.0-or-later
/* The IPVS generic-netlink driver: one persistent socket to the kernel's
 * "IPVS" family (libnl-genl-3), in the network namespace it was opened in.
 * Every call returns 0 (or a count) on success and a negative errno on
 * failure; a malformed kernel reply is -EBADMSG, never a crash. */
#ifndef KEEL_NL_IPVS_H
#define KEEL_NL_IPVS_H

#include <stddef.h>
#include <stdint.h>

#include "ipvs_plan.h"
#include "ipvs_types.h"

struct nl_ipvs;

/* What went over the socket, for tests and metrics. */
struct nl_ipvs_stats {
	uint64_t requests;	/* netlink requests sent */
	uint64_t dump_requests;	/* of those, dumps */
	uint64_t sends;		/* datagrams (system calls) they went out in */
	uint64_t dump_retries;	/* dumps restarted after an interruption */
};

/* Opens the socket and resolves the family (the kernel loads ip_vs on
 * demand). -ENOENT when this kernel has no IPVS. */
int nl_ipvs_open(struct nl_ipvs **out);
/* For tests: the driver on an already-connected datagram socket (a
 * socketpair standing in for the kernel), with the family id, port id and
 * first sequence number it should use. The driver owns fd from then on. */
int nl_ipvs_open_fd(struct nl_ipvs **out, int fd, int family, uint32_t port, uint32_t seq);
void nl_ipvs_close(struct nl_ipvs *nl);
const struct nl_ipvs_stats *nl_ipvs_stats(const struct nl_ipvs *nl);

int nl_ipvs_info(struct nl_ipvs *nl, struct ipvs_info *info);

/* The whole table, sorted. Dumps interrupted by a concurrent change
 * (NLM_F_DUMP_INTR, or a duplicate entry from the kernel's index-based
 * resume) are retried. On failure *t is empty. */
int nl_ipvs_dump(struct nl_ipvs *nl, struct ipvs_table *t);
/* The services only (no dests), sorted. */
int nl_ipvs_dump_services(struct nl_ipvs *nl, struct ipvs_table *t);
/* Replaces e's dests with the kernel's for e->svc, sorted. */
int nl_ipvs_dump_dests(struct nl_ipvs *nl, struct ipvs_entry *e);

/* Applies ops in order, batched: many requests per datagram, one ACK each.
 * A refused op does not stop the others (the kernel handles each request
 * of a datagram on its own). errs (may be NULL) receives 0 or -errno per
 * op. Refusals are logged here, once, as "ipvs: <op>: <reason>" (the first
 * 16, then a count); callers act on the result without logging them again.
 * Returns the number of failed ops, or a negative errno when the socket
 * itself failed (ops not confirmed then carry that error): resync then. */
int nl_ipvs_apply(struct nl_ipvs *nl, const struct ipvs_ops *ops, int *errs);

/* Single operations, through nl_ipvs_apply (so also logged on failure). */
int nl_ipvs_add_service(struct nl_ipvs *nl, const struct ipvs_service *svc);
int nl_ipvs_edit_service(struct nl_ipvs *nl, const struct ipvs_service *svc);
int nl_ipvs_del_service(struct nl_ipvs *nl, const struct ipvs_service *svc);
int nl_ipvs_add_dest(struct nl_ipvs *nl, const struct ipvs_service *svc, const struct ipvs_dest *d);
int nl_ipvs_edit_dest(struct nl_ipvs *nl, const struct ipvs_service *svc, const struct ipvs_dest *d);
int nl_ipvs_del_dest(struct nl_ipvs *nl, const struct ipvs_service *svc, const struct ipvs_dest *d);
/* Deletes every service, keel's or not: only on explicit request. */
int nl_ipvs_flush(struct nl_ipvs *nl);

int nl_ipvs_get_timeouts(struct nl_ipvs *nl, struct ipvs_timeouts *to);
/* Zero fields are left unchanged. */
int nl_ipvs_set_timeouts(struct nl_ipvs *nl, const struct ipvs_timeouts *to);

int nl_ipvs_start_daemon(struct nl_ipvs *nl, const struct ipvs_daemon *d);
int nl_ipvs_stop_daemon(struct nl_ipvs *nl, enum ipvs_daemon_state state);
/* The running daemons (at most a master and a backup) into d[0..max). */
int nl_ipvs_get_daemons(struct nl_ipvs *nl, struct ipvs_daemon *d, size_t max, size_t *n);

/* Why the kernel refused op, in words that fit the op: "no such scheduler",
 * "no such service", "dest already exists", ... */
const char *nl_ipvs_op_strerror(const struct ipvs_op *op, int err);
/* The whole line: "add dest 10.0.1.2:51820 to UDP 10.0.0.1:51820: no such
 * service". Returns buf. */
char *nl_ipvs_op_error(const struct ipvs_op *op, int err, char *buf, size_t len);

#endif
