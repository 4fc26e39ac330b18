// SPDX-License-Identifier: GPL-2.0-or-later
/* vrrp_track_process matching: pure (vrrp_procs.h). */
#include "config.h"

#include <string.h>

#include "vrrp_procs.h"

/* the kernel keeps a process name in 16 bytes, NUL included */
#define COMM_MAX 15

bool vrrp_proc_wants_cmdline(const struct cfg_track_process *t)
{
	return t->full_command || t->argc > 1 || t->param_match_set;
}

bool vrrp_proc_quorum(const struct cfg_track_process *t, size_t n)
{
	return n >= t->quorum && n <= t->quorum_max;
}

static bool name_matches(const char *want, const char *comm)
{
	size_t n = strlen(want);

	if (n > COMM_MAX)
		n = COMM_MAX;
	return strncmp(want, comm, n) == 0 && comm[n] == '\0';
}

/* The i-th argument of cmd (len bytes), or NULL. */
static const char *arg_at(const char *cmd, size_t len, size_t i)
{
	size_t off = 0;

	for (; i > 0 && off < len; i--)
		off += strnlen(cmd + off, len - off) + 1;
	return off < len ? cmd + off : NULL;
}

static size_t arg_count(const char *cmd, size_t len)
{
	size_t n = 0;

	for (size_t off = 0; off < len; n++)
		off += strnlen(cmd + off, len - off) + 1;
	return n;
}

bool vrrp_proc_matches(const struct cfg_track_process *t, const char *comm, const char *cmd,
		       size_t len)
{
	size_t np = t->argc - 1, nargs;
	const char *a;

	if (!vrrp_proc_wants_cmdline(t))
		return name_matches(t->argv[0], comm);
	/* the kernel ends the last argument with a NUL; a process that
	 * rewrote its command line may not: take what there is */
	if (!cmd || len == 0 || !(a = arg_at(cmd, len, 0)) ||
	    strncmp(a, t->argv[0], len) != 0 || strnlen(a, len) != strlen(t->argv[0]))
		return false;
	nargs = arg_count(cmd, len) - 1;
	if (np == 0)
		return !t->param_match_set || nargs == 0;
	if (nargs < np || (t->param_match == CFG_PARAM_EXACT && nargs != np))
		return false;
	for (size_t i = 1; i <= np; i++) {
		const char *want = t->argv[i];
		size_t room;

		a = arg_at(cmd, len, i);
		room = len - (size_t)(a - cmd);
		if (i == np && t->param_match == CFG_PARAM_INITIAL) {
			if (strnlen(a, room) < strlen(want) || strncmp(a, want, strlen(want)) != 0)
				return false;
		} else if (strnlen(a, room) != strlen(want) || strncmp(a, want, room) != 0) {
			return false;
		}
	}
	return true;
}
