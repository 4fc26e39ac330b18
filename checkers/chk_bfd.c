// SPDX-License-Identifier: GPL-2.0-or-later
/* BFD_CHECK { name B }: the real server is up while bfd_instance B's
 * session is Up and down while it is not (keepalived.conf(5)). A probe
 * reads the state the BFD thread last told (chk_bfd.h) and reports before
 * start() returns; each change asks the checks of that session for a
 * probe at once, so the real server follows within the session's own
 * detection time; delay_loop still probes now and then. cfg_finish makes
 * a change count at once (retry 0, rise 1, no warmup), as keepalived does.
 * The table and the list of checks are the main thread's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk.h"
#include "chk_bfd.h"
#include "log.h"

struct bfd_watch {
	struct chk *c;
	struct bfd_watch *prev, *next;
};

struct seen {
	char name[CFG_BFD_NAME_MAX + 1];
	bool up;
};

static struct bfd_watch *watching;
static struct seen *seen;
static size_t nseen;

bool chk_bfd_up(const char *name)
{
	for (size_t k = 0; k < nseen; k++)
		if (strcmp(seen[k].name, name) == 0)
			return seen[k].up;
	return false;
}

void chk_bfd_set(const char *name, bool up)
{
	size_t k = 0;
	struct seen *s;

	while (k < nseen && strcmp(seen[k].name, name) != 0)
		k++;
	if (k == nseen) {
		s = realloc(seen, (nseen + 1) * sizeof(*s));
		if (!s) {
			log_warnx("BFD_CHECK: out of memory: bfd_instance %s's state is not followed", name);
			return;
		}
		seen = s;
		snprintf(seen[k].name, sizeof(seen[k].name), "%s", name);
		nseen++;
	}
	seen[k].up = up;
	for (struct bfd_watch *w = watching; w; w = w->next)
		if (strcmp(w->c->conf->track->track_name, name) == 0)
			chk_probe_soon(w->c);
}

void chk_bfd_reset(void)
{
	free(seen);
	seen = NULL;
	nseen = 0;
}

static int bfd_init(struct chk *c)
{
	struct bfd_watch *w = c->priv;

	if (!c->conf->track->track_name)
		return -22;	/* EINVAL: validation refuses it */
	w->c = c;
	w->next = watching;
	if (watching)
		watching->prev = w;
	watching = w;
	return 0;
}

static void bfd_fini(struct chk *c)
{
	struct bfd_watch *w = c->priv;

	if (!w->c)
		return;
	if (w->prev)
		w->prev->next = w->next;
	else
		watching = w->next;
	if (w->next)
		w->next->prev = w->prev;
	w->c = NULL;
}

static int bfd_start(struct chk *c)
{
	bool up = chk_bfd_up(c->conf->track->track_name);

	chk_probe_done(c, up, up ? NULL : "BFD session not Up", -1);
	return 0;
}

static void bfd_cancel(struct chk *c)
{
	(void)c;
}

const struct checker_ops chk_bfd_ops = {
	.kind = CFG_CHECK_BFD,
	.priv_size = sizeof(struct bfd_watch),
	.init = bfd_init,
	.fini = bfd_fini,
	.start = bfd_start,
	.cancel = bfd_cancel,
};
