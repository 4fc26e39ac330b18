// SPDX-License-Identifier: GPL-2.0-or-later
/* MISC_CHECK: runs misc_path as its user; exit 0 is up, anything else down.
 * With misc_dynamic, 2..255 is up with weight status - 2. The engine's
 * timeout for this kind is misc_timeout: the script's process group then
 * gets SIGTERM, and SIGKILL if it is still there a grace period later. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "chk.h"
#include "chk_exec.h"
#include "chk_funnel.h"

struct misc_run {
	struct chk_exec_run *run;
	struct chk *c;
	char reason[48];
};

static void report(void *arg, int st)
{
	struct misc_run *m = arg;
	struct chk *c = m->c;
	bool ok;
	int w = -1;

	if (st < 0) {		/* reaped by someone else: no status */
		chk_probe_done(c, false, "script status lost", -1);
		return;
	}
	if (!WIFEXITED(st)) {
		snprintf(m->reason, sizeof(m->reason), "killed by signal %d", WTERMSIG(st));
		chk_probe_done(c, false, m->reason, -1);
		return;
	}
	int code = WEXITSTATUS(st);
	ok = code == 0;
	if (c->conf->misc->misc_dynamic) {
		w = chk_misc_status_weight(code);
		ok = w != -2;
		w = w >= 0 ? w : -1;
	}
	snprintf(m->reason, sizeof(m->reason), "exit status %d", code);
	chk_probe_done(c, ok, m->reason, w);
}

static int misc_start(struct chk *c)
{
	struct misc_run *m = c->priv;
	const char *why;

	if (chk_exec_run_start(m->run, &c->conf->misc->misc, c->env->global, &why) < 0)
		chk_probe_done(c, false, why, -1);
	return 0;
}

static void misc_cancel(struct chk *c)
{
	struct misc_run *m = c->priv;

	chk_exec_run_stop(m->run);
}

static int misc_init(struct chk *c)
{
	struct misc_run *m = c->priv;

	m->c = c;
	m->run = chk_exec_run_new(c->env->base, report, m);
	return m->run ? 0 : -ENOMEM;
}

static void misc_fini(struct chk *c)
{
	struct misc_run *m = c->priv;

	chk_exec_run_free(m->run);
	m->run = NULL;
}

const struct checker_ops chk_misc_ops = {
	.kind = CFG_CHECK_MISC,
	.priv_size = sizeof(struct misc_run),
	.init = misc_init,
	.fini = misc_fini,
	.start = misc_start,
	.cancel = misc_cancel,
};
