// SPDX-License-Identifier: GPL-2.0-or-later
/* keepalived's notify FIFOs: one line per event (INSTANCE "VI_1" MASTER
 * 100, GROUP "G" BACKUP, RS [..]:tcp:80 [..]:tcp:80 UP) written to a named
 * pipe, which a script of the operator's (notify_fifo_script, started by
 * keeld with the path as its last argument) or any other process reads.
 * A reader that falls behind loses lines, never stalls keeld. Each loop
 * keeps its own handles: a line of less than PIPE_BUF bytes is written
 * whole even when two threads write to the same FIFO. */
#ifndef KEEL_NOTIFY_FIFO_H
#define KEEL_NOTIFY_FIFO_H

#include <stdbool.h>

#include <event2/event.h>

#include "cfg.h"

struct notify_fifo;

/* Creates the FIFO when missing (mode 0600, chowned to f->fifo's user and
 * group), opens it without waiting for a reader and, when run_script, starts
 * f->script (one loop only may: notify_fifo is written by both). NULL when
 * f names no FIFO or it cannot be opened (logged). */
struct notify_fifo *notify_fifo_open(struct event_base *base, const struct cfg_fifo *f,
				     const struct cfg_global *g, bool run_script);
/* The same FIFO and script as f: a reload keeps the open one. */
bool notify_fifo_same(const struct notify_fifo *nf, const struct cfg_fifo *f);
/* Writes line and a newline; NULL is fine. */
void notify_fifo_write(struct notify_fifo *nf, const char *line);
void notify_fifo_close(struct notify_fifo *nf);

/* Keeps *nf in line with f across reloads: closes, reopens or keeps. */
void notify_fifo_follow(struct notify_fifo **nf, struct event_base *base, const struct cfg_fifo *f,
			const struct cfg_global *g, bool run_script);

#endif
