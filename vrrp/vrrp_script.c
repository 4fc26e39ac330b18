// SPDX-License-Identifier: GPL-2.0-or-later
/* vrrp_script runs: each script some instance tracks runs every interval
 * through the checkers' runner (chk_exec: script user, process group,
 * enable_script_security). Exit 0 is a success; another status, a signal
 * or running past timeout (default: interval) a failure, and a run past
 * its timeout gets SIGTERM, then SIGKILL. rise/fall turn results into the
 * script's state (vrrp_prio.h); a change re-evaluates the instances that
 * track it at once. A reload keeps a script's runtime and state by name;
 * a changed command or interval applies from its next run. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "chk_exec.h"
#include "log.h"
#include "vrrp_run_int.h"

struct vrrp_script_rt {
	struct vrrp_run *run;
	const struct cfg_vrrp_script *c;
	const struct cfg_global *g;
	struct chk_exec_run *exec;
	struct event *tick, *timeout;
	struct vrrp_script_hyst h;
	struct vrrp_script_rt *next;
};

/* Does one of these track_script lines name the script? */
static bool names(const struct cfg_tracked *t, const char *name)
{
	for (size_t k = 0; k < t->nscripts; k++)
		if (strcmp(t->scripts[k].name, name) == 0)
			return true;
	return false;
}

static const char *state_word(enum vrrp_obj_state s)
{
	return s == VRRP_OBJ_UP ? "succeeded" : s == VRRP_OBJ_DOWN ? "failed" : "unknown";
}

static void result(struct vrrp_script_rt *s, bool ok, const char *why)
{
	if (!vrrp_script_hyst_step(&s->h, ok, s->c->rise, s->c->fall)) {
		if (!ok)
			log_debug("VRRP_Script(%s) %s", s->c->name, why);
		return;
	}
	log_info("VRRP_Script(%s) %s (%s)", s->c->name, state_word(s->h.state), why);
	for (struct vrrp_inst *i = s->run->insts; i; i = i->next)
		if (names(&i->c->track, s->c->name) ||
		    (i->group && names(&vrrp_group_conf(i->group)->track, s->c->name)))
			vrrp_track_update(i);
}

static void on_done(void *arg, int st)
{
	struct vrrp_script_rt *s = arg;
	char why[40];

	evtimer_del(s->timeout);
	if (st < 0)
		snprintf(why, sizeof(why), "status lost");
	else if (WIFEXITED(st))
		snprintf(why, sizeof(why), "exit status %d", WEXITSTATUS(st));
	else
		snprintf(why, sizeof(why), "killed by signal %d", WTERMSIG(st));
	result(s, st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, why);
}

static void on_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_script_rt *s = arg;

	(void)fd, (void)what;
	chk_exec_run_stop(s->exec);
	result(s, false, "timed out");
}

static struct timeval tv_of(uint64_t us)
{
	return (struct timeval){ .tv_sec = (time_t)(us / 1000000u),
				 .tv_usec = (suseconds_t)(us % 1000000u) };
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_script_rt *s = arg;
	struct timeval next = tv_of(s->c->interval), limit;
	const char *why;
	int rc;

	(void)fd, (void)what;
	evtimer_add(s->tick, &next);
	if (evtimer_pending(s->timeout, NULL))
		return;		/* the last run is still inside its timeout */
	rc = chk_exec_run_start(s->exec, &s->c->script, s->g, &why);
	if (rc < 0) {
		result(s, false, why);
		return;
	}
	limit = tv_of(s->c->timeout ? s->c->timeout : s->c->interval);
	evtimer_add(s->timeout, &limit);
}

static void script_free(struct vrrp_script_rt *s)
{
	chk_exec_run_free(s->exec);
	if (s->tick)
		event_free(s->tick);
	if (s->timeout)
		event_free(s->timeout);
	free(s);
}

static struct vrrp_script_rt *script_new(struct vrrp_run *r, const struct cfg_vrrp_script *c)
{
	struct vrrp_script_rt *s = calloc(1, sizeof(*s));
	struct timeval now = { 0 };

	if (!s)
		return NULL;
	s->run = r;
	s->c = c;
	vrrp_script_hyst_init(&s->h, c->init_fail);
	s->exec = chk_exec_run_new(r->base, on_done, s);
	s->tick = evtimer_new(r->base, on_tick, s);
	s->timeout = evtimer_new(r->base, on_timeout, s);
	if (!s->exec || !s->tick || !s->timeout || evtimer_add(s->tick, &now) < 0) {
		script_free(s);
		return NULL;
	}
	return s;
}

static bool tracked(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nvrrp; i++)
		if (names(&cfg->vrrp[i].track, name))
			return true;
	for (size_t g = 0; g < cfg->ngroups; g++)
		if (names(&cfg->groups[g].track, name))
			return true;
	return false;
}

static struct vrrp_script_rt *take_old(struct vrrp_script_rt **old, const struct cfg_vrrp_script *c)
{
	for (struct vrrp_script_rt **pp = old; *pp; pp = &(*pp)->next) {
		struct vrrp_script_rt *s = *pp;

		if (strcmp(s->c->name, c->name) == 0) {
			*pp = s->next;
			s->next = NULL;
			return s;
		}
	}
	return NULL;
}

int vrrp_scripts_apply(struct vrrp_run *r, const struct config *cfg)
{
	struct vrrp_script_rt *old = r->scripts, *s;
	int rc = 0;

	r->scripts = NULL;
	for (size_t k = 0; k < cfg->nscripts; k++) {
		const struct cfg_vrrp_script *c = &cfg->scripts[k];

		if (!tracked(cfg, c->name))
			continue;	/* keepalived runs only scripts in use */
		s = take_old(&old, c);
		if (!s && !(s = script_new(r, c))) {
			log_warnx("VRRP_Script(%s) cannot be started", c->name);
			rc = -ENOMEM;
			continue;
		}
		s->c = c;
		s->g = &cfg->global;
		s->next = r->scripts;
		r->scripts = s;
	}
	while ((s = old)) {
		old = s->next;
		script_free(s);
	}
	return rc;
}

void vrrp_scripts_free(struct vrrp_run *r)
{
	struct vrrp_script_rt *s;

	while ((s = r->scripts)) {
		r->scripts = s->next;
		script_free(s);
	}
}

enum vrrp_obj_state vrrp_script_state(const struct vrrp_run *r, const char *name)
{
	for (const struct vrrp_script_rt *s = r->scripts; s; s = s->next)
		if (strcmp(s->c->name, name) == 0)
			return s->h.state;
	/* not started (out of memory): it holds weight-0 trackers in FAULT */
	return VRRP_OBJ_UNKNOWN;
}
