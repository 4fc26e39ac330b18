// SPDX-License-Identifier: GPL-2.0-or-later
/* global_defs' process tuning as keel's one process has it: keepalived's
 * VRRP process is the keeld-vrrp thread, its checker process the main
 * thread (checks, IPVS, control socket). */
#ifndef KEEL_CFG_PROC_H
#define KEEL_CFG_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "cfg_block.h"

/* keepalived's umask when global_defs has none: IWGRP | IWOTH */
#define CFG_UMASK_DEFAULT 022

/* vrrp_cpu_affinity, checker_cpu_affinity, vrrp_no_swap, checker_no_swap
 * and umask, into the struct cfg_global at obj. */
int cfg_proc_kw(struct cfg_parser *p, void *obj, const struct cfg_stmt *st);

/* The process's RLIMIT_RTTIME soft limit (us): the larger of the limits
 * of the threads that run real-time, 0 when none does. The kernel counts
 * each thread's run apart but keeps one limit for the process, so the
 * larger warns no thread before its own; the smaller would warn one
 * early. */
uint32_t cfg_rttime_us(const struct cfg_global *g);

/* The name each of keeld's threads takes (at most 15 characters, the
 * kernel's limit): the main thread (keepalived's parent and checker
 * processes: process_name, else checker_process_name), the VRRP thread
 * (vrrp_process_name) and the BFD thread (bfd_process_name); process_names
 * gives keepalived's defaults to those unset, and without it keel's own
 * names stand. */
enum cfg_thread { CFG_THREAD_MAIN, CFG_THREAD_VRRP, CFG_THREAD_BFD };
const char *cfg_thread_name(const struct cfg_global *g, enum cfg_thread which);

/* The umask keeld runs with. */
unsigned cfg_umask(const struct cfg_global *g);

static inline bool cfg_cpus_has(const struct cfg_cpus *c, unsigned cpu)
{
	return cpu < CFG_CPUS_MAX && (c->bits[cpu / 64] >> (cpu % 64) & 1);
}

/* No CPU named: the thread keeps (or goes back to) the CPUs it started with */
bool cfg_cpus_empty(const struct cfg_cpus *c);

#endif
