// SPDX-License-Identifier: GPL-2.0-or-later
/* Health checks: the engine runs every configured check on the event loop
 * and funnels every result through one function; each checker kind is one
 * file exposing a `const struct checker_ops`. Adding a kind touches its own
 * file and one line of the registry (chk_registry.c). */
#ifndef KEEL_CHK_H
#define KEEL_CHK_H

#include <event2/event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "cfg.h"

struct chk;
struct chk_syn;

/* What a checker kind does. A probe is started by start(); it finishes by
 * calling chk_probe_done() exactly once, now or later from the loop. The
 * engine owns timing: it calls cancel() when connect_timeout passes first
 * (the checker must then release the probe's fds and events and not call
 * chk_probe_done()). Nothing may block. */
struct checker_ops {
	enum cfg_check_kind kind;
	size_t priv_size;			/* per-check private state, zeroed */
	/* Once per check at start or reload; 0 or -errno (logged by the engine). */
	int (*init)(struct chk *c);
	void (*fini)(struct chk *c);
	/* Begins one probe; a negative errno is a failed probe. */
	int (*start)(struct chk *c);
	void (*cancel)(struct chk *c);
	/* The fd given to chk_wait() is ready (or has an error); optional. */
	void (*ready)(struct chk *c);
};

/* Everything a checker may read of its check. */
/* An IPv4 or IPv6 socket address: a check holds two, and thousands of
 * checks hold them all the time (sockaddr_storage is 128 bytes). */
union chk_sa {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

/* What every check of one engine shares. */
struct chk_env {
	struct event_base *base;
	const struct cfg_global *global;	/* script_user, enable_script_security, ssl */
	struct chk_syn *syn;			/* half-open TCP probes; NULL: none */
};

/* A check as its checker sees it. Ten thousand of them live all the
 * time, so what the config says is read from it when needed (chk_target,
 * chk_source, chk_timeout_us), not kept in every check. */
struct chk {
	const struct checker_ops *ops;
	const struct cfg_check *conf;	/* resolved timings and options */
	const struct cfg_rs *rs;	/* the real server it checks */
	const struct cfg_vs *vs;
	const struct chk_env *env;
	void *priv;			/* ops->priv_size bytes */
	/* the engine's own state (struct chk_engine_state) holds this at its
	 * start; checkers do not touch it */
};

/* chk_conf.c: where to probe: connect_ip/connect_port, else the real
 * server's; returns the length of *to. */
socklen_t chk_target(const struct chk *c, union chk_sa *to);
/* Where to probe from (bindto/bind_port), 0 when neither is set. */
socklen_t chk_source(const struct chk *c, union chk_sa *from);
/* How long one probe may run: connect_timeout for each url of an HTTP_GET
 * or SSL_GET, misc_timeout (else delay_loop) for a MISC_CHECK. */
uint64_t chk_timeout_us(const struct cfg_check *cf);

/* How a probe ended. weight >= 0 sets a dynamic weight (MISC_CHECK with
 * misc_dynamic), -1 keeps the configured one. reason is a short static or
 * checker-owned text ("connection refused", "bad handshake response"),
 * copied by the engine. */
void chk_probe_done(struct chk *c, bool ok, const char *reason, int weight);

/* Asks for the next probe now rather than after delay_loop (FILE_CHECK:
 * its file changed); nothing while a probe runs. */
void chk_probe_soon(struct chk *c);

/* Waits once for fd to be ready for what (EV_READ, EV_WRITE) without an
 * event of the probe's own: ops->ready(c) runs then, unless the probe has
 * ended. A probe waits on one fd at a time. Closing fd after ready ran
 * ends the wait; a probe that ends before (cancel) calls chk_unwait()
 * before it closes fd. 0 or -errno. */
int chk_wait(struct chk *c, int fd, short what);
void chk_unwait(struct chk *c, int fd);

/* The registry: the ops of a kind, or NULL when keel has no checker for it. */
const struct checker_ops *chk_ops_for(enum cfg_check_kind kind);
/* Whether keel runs checks of kind (for cfg_load_opts.check_kind_runs). */
bool chk_kind_runs(enum cfg_check_kind kind);

#endif
