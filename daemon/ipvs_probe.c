// SPDX-License-Identifier: GPL-2.0-or-later
/* The drift check's reads on a worker thread (ipvs_probe.h). The worker
 * only reads: the kernel's table and the file's digest land in the probe,
 * and the main loop, woken through a mailbox, joins the thread and hands
 * them on. Nothing else is shared, so there is nothing to lock. */
#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "ev_mailbox.h"
#include "ev_thread.h"
#include "ipvs_probe.h"
#include "ipvs_proc.h"
#include "log.h"
#include "nl_ipvs.h"

/* The reads keep their tables on the heap; the stack holds ipvs_proc's
 * 16 KiB read buffer and a few netlink frames. */
#define PROBE_STACK (128 * 1024)
/* A read yields the CPU to the checks and to a reload: it only confirms
 * what the kernel holds, a tenth of the time at most when it is long. */
#define PROBE_NICER 10

struct ipvs_probe {
	struct nl_ipvs *nl;	/* the worker's while busy, nobody's otherwise */
	struct ev_mailbox *mb;
	char *proc_path;
	ipvs_probe_done_fn *done;
	void *arg;
	pthread_t worker;
	bool busy;
	struct ipvs_probe_result r;	/* the worker's until the join */
};

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void read_kernel(struct ipvs_probe *p)
{
	struct ipvs_probe_result *r = &p->r;
	uint64_t t0 = mono_us();

	r->have_before = ipvs_proc_read(p->proc_path, &r->before) == 0;
	if (r->kind == IPVS_PROBE_DIGEST) {
		r->rc = r->have_before ? 0 : -EIO;
	} else {
		r->rc = nl_ipvs_dump(p->nl, &r->table);
		r->have_after = r->rc == 0 && ipvs_proc_read(p->proc_path, &r->after) == 0;
	}
	r->took_us = mono_us() - t0;
}

static ev_mailbox_fn on_done;

/* Linux gives each thread a nice value of its own. */
static void be_nicer(void)
{
	id_t tid = (id_t)syscall(SYS_gettid);
	int now;

	errno = 0;
	now = getpriority(PRIO_PROCESS, tid);
	if (errno == 0 && now < PRIO_MAX - 1)
		setpriority(PRIO_PROCESS, tid, now + PROBE_NICER < PRIO_MAX ? now + PROBE_NICER : PRIO_MAX - 1);
}

static void *work(void *arg)
{
	struct ipvs_probe *p = arg;

	be_nicer();
	read_kernel(p);
	/* without the post the main loop never learns the read ended: the
	 * next drift check finds the probe busy and the free still joins */
	if (ev_mailbox_post(p->mb, on_done, p, "", 1) < 0)
		log_warnx("ipvs: the drift check cannot report back (out of memory)");
	return NULL;
}

static void on_done(void *ctx, const void *data)
{
	struct ipvs_probe *p = ctx;
	struct ipvs_probe_result r;

	(void)data;
	pthread_join(p->worker, NULL);
	p->busy = false;
	r = p->r;
	p->r = (struct ipvs_probe_result){ 0 };
	p->done(p->arg, &r);
	if (r.table.ent) {
		ipvs_table_free(&r.table);	/* what the callback did not take */
		/* it lay in the worker's arena, which glibc trims only from
		 * its top: the free pages inside go back now */
		malloc_trim(0);
	}
}

struct ipvs_probe *ipvs_probe_new(struct event_base *base, const char *proc_path,
				  ipvs_probe_done_fn *done, void *arg)
{
	struct ipvs_probe *p = calloc(1, sizeof(*p));
	int rc = -ENOMEM;

	if (!p || !(p->proc_path = strdup(proc_path)) || !(p->mb = ev_mailbox_new(base)))
		goto fail;
	if ((rc = nl_ipvs_open(&p->nl)) < 0) {
		p->nl = NULL;
		goto fail;
	}
	ev_mailbox_adopt(p->mb);
	p->done = done;
	p->arg = arg;
	return p;
fail:
	log_warnx("ipvs: no drift check reader (%s): drift is repaired only after keeld's own changes",
		  strerror(-rc));
	ipvs_probe_free(p);
	return NULL;
}

int ipvs_probe_start(struct ipvs_probe *p, enum ipvs_probe_kind kind)
{
	int rc;

	if (p->busy)
		return -EBUSY;
	p->r = (struct ipvs_probe_result){ .kind = kind };
	rc = thread_spawn(&p->worker, PROBE_STACK, "keel-ipvs-read", work, p);
	if (rc != 0)
		return -rc;
	p->busy = true;
	return 0;
}

void ipvs_probe_read_here(struct ipvs_probe *p, enum ipvs_probe_kind kind, struct ipvs_probe_result *r)
{
	p->r = (struct ipvs_probe_result){ .kind = kind };
	read_kernel(p);
	*r = p->r;
	p->r = (struct ipvs_probe_result){ 0 };
}

bool ipvs_probe_busy(const struct ipvs_probe *p)
{
	return p->busy;
}

void ipvs_probe_free(struct ipvs_probe *p)
{
	if (!p)
		return;
	if (p->busy) {
		pthread_join(p->worker, NULL);
		ipvs_table_free(&p->r.table);
	}
	ev_mailbox_free(p->mb);	/* after the join: no post can come */
	nl_ipvs_close(p->nl);
	free(p->proc_path);
	free(p);
}
