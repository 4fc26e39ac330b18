// SPDX-License-Identifier: GPL-2.0-or-later
/* The control socket: a unix stream socket speaking JSON lines. Each request
 * line is one flat JSON object; each gets exactly one reply line. */
#ifndef KEEL_CTL_SERVER_H
#define KEEL_CTL_SERVER_H

#include <event2/event.h>

#include "json.h"
#include "json_flat.h"

#define CTL_MAX_LINE (64 * 1024)
#define CTL_MAX_CLIENTS 32

/* Writes the members of the reply object (the braces are the server's). */
typedef void ctl_dispatch_fn(void *arg, const struct json_flat *req, struct json_writer *reply);

struct ctl_server;

/* A reply owed to a client, for a request whose answer takes a while
 * (read on a worker thread): the loop serves everyone else meanwhile.
 * That client's next requests wait for it, so its replies keep their order. */
struct ctl_later;

/* Only in a dispatch: the reply to the request being dispatched comes
 * later, through ctl_later_send (what the dispatch wrote is dropped).
 * NULL when out of memory: then the dispatch replies at once. */
struct ctl_later *ctl_server_defer(struct ctl_server *srv);
/* Sends the reply (fn writes its members) and frees l. A client that left
 * meanwhile gets nothing; l is freed all the same. */
void ctl_later_send(struct ctl_later *l, ctl_dispatch_fn *fn, void *arg);

/* Binds path (mode 0600, parent created 0755). Refuses when a live server
 * already answers there; removes a stale socket file. NULL on failure. */
struct ctl_server *ctl_server_open(struct event_base *base, const char *path,
				   ctl_dispatch_fn *dispatch, void *arg);
void ctl_server_close(struct ctl_server *srv);

#endif
