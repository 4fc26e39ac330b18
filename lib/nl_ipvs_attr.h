// SPDX-License-Identifier: GPL-2.0-or-later
/* IPVS generic-netlink attributes: the model into request attributes, and
 * kernel replies back into the model. No I/O: the messages come from and
 * go to nl_ipvs.c (and the unit tests, which also feed it broken ones). */
#ifndef KEEL_NL_IPVS_ATTR_H
#define KEEL_NL_IPVS_ATTR_H

#include <linux/netlink.h>
#include <netlink/msg.h>
#include <stdbool.h>

#include "ipvs_types.h"

/* Nested IPVS_CMD_ATTR_SERVICE: the key only, or (full) every setting too.
 * 0 or -EMSGSIZE. */
/* Room for any request keel sends: the largest, a dest with every
 * service and dest attribute, is about 240 bytes. libnl's default is a
 * page, zeroed on every allocation: thousands of requests a second paid
 * for that under emulation. */
#define NL_IPVS_MSG_SIZE 512

int nl_ipvs_put_service(struct nl_msg *msg, const struct ipvs_service *svc, bool full);
/* Nested IPVS_CMD_ATTR_DEST: the key only, or every setting too. */
int nl_ipvs_put_dest(struct nl_msg *msg, const struct ipvs_dest *d, bool full);
/* Nested IPVS_CMD_ATTR_DAEMON: its state only (stop), or everything to
 * start it, leaving out the optional fields that are zero. */
int nl_ipvs_put_daemon(struct nl_msg *msg, const struct ipvs_daemon *d, bool full);
/* The non-zero timeouts as IPVS_CMD_ATTR_TIMEOUT_*. */
int nl_ipvs_put_timeouts(struct nl_msg *msg, const struct ipvs_timeouts *to);

/* Replies: nlh is a whole generic-netlink message whose nlmsg_len the
 * caller has checked against the bytes received. Every attribute length is
 * checked here; a broken reply is -EBADMSG with *why saying what was
 * wrong (a static string), never a crash. */
int nl_ipvs_parse_service(struct nlmsghdr *nlh, struct ipvs_service *svc, const char **why);
/* svc_af stands in for a missing IPVS_DEST_ATTR_ADDR_FAMILY (old kernels). */
int nl_ipvs_parse_dest(struct nlmsghdr *nlh, int svc_af, struct ipvs_dest *d, const char **why);
int nl_ipvs_parse_daemon(struct nlmsghdr *nlh, struct ipvs_daemon *d, const char **why);
/* A timeout the kernel leaves out (protocol not built in) reads as 0. */
int nl_ipvs_parse_timeouts(struct nlmsghdr *nlh, struct ipvs_timeouts *to, const char **why);
int nl_ipvs_parse_info(struct nlmsghdr *nlh, struct ipvs_info *info, const char **why);

#endif
