// SPDX-License-Identifier: GPL-2.0-or-later
/* The BFD sessions (bfd_run.h) on a loop thread of their own,
 * "keeld-bfd": a 10 ms session must not wait behind thousands of checks,
 * nor behind VRRP's work. The main thread drives it with calls it waits
 * for (apply, views); the BFD thread only posts: a session's Up-ness goes
 * to VRRP through to_vrrp (run on the BFD thread; it must post, never
 * wait: vrrp_thread_bfd does) and to the checks through to_main (run on
 * the main loop). Sessions whose bfd_instance says only `vrrp` or only
 * `checker` are told to that side only. */
#ifndef KEEL_BFD_THREAD_H
#define KEEL_BFD_THREAD_H

#include <event2/event.h>
#include <stdbool.h>

#include "bfd_run.h"
#include "cfg.h"

struct bfd_thread;

typedef void bfd_tell_fn(void *arg, const char *name, bool up);

/* NULL on error (logged). */
struct bfd_thread *bfd_thread_start(struct event_base *main, bfd_tell_fn *to_vrrp,
				    bfd_tell_fn *to_main, void *arg);
/* cfg must outlive the next apply or the free. */
void bfd_thread_apply(struct bfd_thread *t, const struct config *cfg);
/* Copies of the sessions, at most cap; their number. NULL t: 0. */
size_t bfd_thread_views(struct bfd_thread *t, struct bfd_view *out, size_t cap);
/* Ends the sessions and the thread. NULL is fine. */
void bfd_thread_free(struct bfd_thread *t);

#endif
