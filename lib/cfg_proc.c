// SPDX-License-Identifier: GPL-2.0-or-later
/* global_defs' process tuning keywords. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg_proc.h"

bool cfg_cpus_empty(const struct cfg_cpus *c)
{
	for (size_t i = 0; i < sizeof(c->bits) / sizeof(c->bits[0]); i++)
		if (c->bits[i])
			return false;
	return true;
}

/* CPU numbers as /proc/cpuinfo's "processor" lines give them. One the
 * machine lacks drops the line whole with a warning, as keepalived 2.2.7
 * does (measured: "Invalid cpu_id:7", the process left unpinned): a
 * config shared between routers of different sizes still loads. */
static int cpus(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_cpus *out)
{
	long have = sysconf(_SC_NPROCESSORS_CONF);
	struct cfg_cpus c = { 0 };
	uint64_t v;

	for (size_t i = 1; i < st->argc; i++) {
		if (cfg_arg_uint_as(p, st, i, "a CPU number", 0, CFG_CPUS_MAX - 1, &v) < 0)
			return -1;
		if (have > 0 && v >= (uint64_t)have) {
			cfg_warn(p, st, i, "%s: this machine has no CPU %llu (CPUs 0..%ld); ignored",
				 st->argv[0], (unsigned long long)v, have - 1);
			return 0;
		}
		c.bits[v / 64] |= 1ull << (v % 64);
	}
	*out = c;
	return 0;
}

/* One name of umask's BITS: I{R|W|X}{USR|GRP|OTH} */
static int umask_bit(const char *s, size_t n)
{
	static const char rwx[] = "RWX";
	static const char *const who[] = { "USR", "GRP", "OTH" };

	if (n != 5 || s[0] != 'I' || !s[1] || !strchr(rwx, s[1]))
		return -1;
	for (int w = 0; w < 3; w++)
		if (strncmp(s + 2, who[w], 3) == 0)
			return (4 >> (strchr(rwx, s[1]) - rwx)) << (3 * (2 - w));
	return -1;
}

/* umask NUMBER (hex, octal or decimal, as strtoul reads it) or BITS
 * joined by '|', with or without blanks around them */
static int parse_umask(struct cfg_parser *p, const struct cfg_stmt *st, int16_t *out)
{
	const char *s = st->argv[1];
	unsigned mask = 0;
	char *end;

	if (*s >= '0' && *s <= '9') {
		unsigned long v = strtoul(s, &end, 0);
		size_t bad = *end || v > 0777 ? 1 : st->argc > 2 ? 2 : 0;
		if (bad) {
			cfg_err(p, st, bad, "umask: one number in 0..0777 (0x1ff, 511) or bits such as IWGRP|IWOTH");
			return -1;
		}
		*out = (int16_t)v;
		return 0;
	}
	for (size_t i = 1; i < st->argc; i++) {
		for (s = st->argv[i]; *s; s += *s == '|') {
			size_t n = strcspn(s, "|");
			int bit = n ? umask_bit(s, n) : 0;
			if (bit < 0) {
				cfg_err(p, st, i, "'%.*s': umask takes a number or I{R|W|X}{USR|GRP|OTH} joined by '|'",
					(int)n, s);
				return -1;
			}
			mask |= (unsigned)bit;
			s += n;
		}
	}
	*out = (int16_t)mask;
	return 0;
}

/* process_names and NAME_process_name / process_name */
static int names(struct cfg_parser *p, const struct cfg_stmt *st, struct cfg_global *g)
{
	const char *k = st->argv[0];
	char **dst = k[0] == 'v' ? &g->name_vrrp : k[0] == 'c' ? &g->name_checker
		   : k[0] == 'b' ? &g->name_bfd : &g->name_main;

	if (strcmp(k, "process_names") == 0) {
		g->process_names = true;
		return 0;
	}
	if (strlen(st->argv[1]) > 15)
		cfg_diag_warn(p->diag, &st->loc[1], "%s '%s': the kernel keeps 15 characters of a name",
			      k, st->argv[1]);
	return cfg_arg_str(p, st, 1, dst);
}

const char *cfg_thread_name(const struct cfg_global *g, enum cfg_thread which)
{
	static const char *const keel[] = { "keeld", "keeld-vrrp", "keeld-bfd" };
	static const char *const keepalived[] = { "keepalived", "keepalived_vrrp", "keepalived_bfd" };
	const char *set = which == CFG_THREAD_VRRP ? g->name_vrrp
			: which == CFG_THREAD_BFD  ? g->name_bfd
			: g->name_main		   ? g->name_main
						   : g->name_checker;

	return set ? set : g->process_names ? keepalived[which] : keel[which];
}

int cfg_proc_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	struct cfg_global *g = obj;
	const char *k = st->argv[0];

	if (strstr(k, "process_name"))
		return names(p, st, g);
	if (strcmp(k, "umask") == 0)
		return parse_umask(p, st, &g->umask);
	if (strstr(k, "_no_swap")) {
		g->no_swap = true;
		return 0;
	}
	return cpus(p, st, k[0] == 'v' ? &g->vrrp_cpus : &g->checker_cpus);
}

uint32_t cfg_rttime_us(const struct cfg_global *g)
{
	uint32_t v = g->vrrp_rt_priority ? g->vrrp_rlimit_rttime_us : 0;
	uint32_t c = g->checker_rt_priority ? g->checker_rlimit_rttime_us : 0;

	return v > c ? v : c;
}

unsigned cfg_umask(const struct cfg_global *g)
{
	return g->umask < 0 ? CFG_UMASK_DEFAULT : (unsigned)g->umask;
}
