// SPDX-License-Identifier: GPL-2.0-or-later
/* Network namespaces: keeld's own (net_namespace, entered once at start,
 * before any socket) and IPVS's (net_namespace_ipvs), where the thread
 * that opens an IPVS socket or file steps in for the open and back out:
 * a socket stays in the namespace it was made in, and so does a
 * /proc/sys/net file or a /proc/thread-self/net file opened there. */
#ifndef KEEL_NETNS_H
#define KEEL_NETNS_H

#include <stdbool.h>

#ifndef KEEL_NETNS_DIR
#define KEEL_NETNS_DIR "/run/netns"	/* where `ip netns add` puts them */
#endif

/* The fd of KEEL_NETNS_DIR/NAME, or -errno. keeld never creates one: a
 * missing namespace is an error, as in keepalived. */
int netns_open(const char *name);
/* The fd of the calling thread's namespace, or -errno. */
int netns_open_self(void);
/* Moves the calling thread into the namespace of fd; 0 or -errno. */
int netns_enter(int fd);

/* At start, on the only thread: net_namespace moves keeld into
 * KEEL_NETNS_DIR/NAME; net_namespace_ipvs (ipvs_set; a NULL name is the
 * namespace keeld started in) is kept for IPVS. 0, or -1 logged. */
int netns_start(const char *net_namespace, bool ipvs_set, const char *ipvs_name);

/* IPVS's namespace: fd (kept) or -1 for the namespace of whichever
 * thread opens. Set once at start, before any IPVS socket. */
void netns_ipvs_set(int fd);
bool netns_ipvs_elsewhere(void);
/* Around an IPVS open: step into IPVS's namespace (a no-op without
 * one); *back is what netns_ipvs_leave needs. 0 or -errno. */
int netns_ipvs_enter(int *back);
void netns_ipvs_leave(int back);
/* open(2) of path in IPVS's namespace. */
int netns_ipvs_open_file(const char *path, int flags);

#endif
