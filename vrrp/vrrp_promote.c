// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "vrrp_promote.h"

const char *vrrp_promote_root = "/proc/sys/net/ipv4/conf";

struct vrrp_promote {
	struct vrrp_promote *next;
	char ifname[IF_NAMESIZE];
	int old;		/* the value found */
	unsigned refs;
};

static void path_of(const char *ifname, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/promote_secondaries", vrrp_promote_root, ifname);
}

/* 0 or 1 as read, -1 when unreadable */
static int read_value(const char *ifname)
{
	char path[256];
	FILE *f;
	int v = -1;

	path_of(ifname, path, sizeof(path));
	f = fopen(path, "re");
	if (f && fscanf(f, "%d", &v) != 1)
		v = -1;
	if (f)
		fclose(f);
	return v;
}

static int write_value(const char *ifname, int v)
{
	char path[256];
	FILE *f;
	bool ok;

	path_of(ifname, path, sizeof(path));
	f = fopen(path, "we");
	ok = f && fprintf(f, "%d\n", v) > 0;
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		log_warn("vrrp: cannot set %s to %d", path, v);
	return ok ? 0 : -1;
}

static struct vrrp_promote **find(struct vrrp_promote **set, const char *ifname)
{
	while (*set && strcmp((*set)->ifname, ifname) != 0)
		set = &(*set)->next;
	return set;
}

int vrrp_promote_hold(struct vrrp_promote **set, const char *ifname)
{
	struct vrrp_promote **pp = find(set, ifname), *p;
	int old;

	if (*pp) {
		(*pp)->refs++;
		return 0;
	}
	old = read_value(ifname);
	if (old < 0) {
		log_warnx("vrrp: %s has no promote_secondaries setting; not set", ifname);
		return -1;
	}
	if (old != 1 && write_value(ifname, 1) < 0)
		return -1;
	p = calloc(1, sizeof(*p));
	if (!p) {
		write_value(ifname, old);
		return -1;
	}
	snprintf(p->ifname, sizeof(p->ifname), "%s", ifname);
	p->old = old;
	p->refs = 1;
	*pp = p;
	log_info("vrrp: promote_secondaries on %s (was %d)", ifname, old);
	return 0;
}

void vrrp_promote_release(struct vrrp_promote **set, const char *ifname)
{
	struct vrrp_promote **pp = find(set, ifname), *p = *pp;

	if (!p || --p->refs)
		return;
	*pp = p->next;
	/* an interface gone meanwhile has nothing to put back */
	if (p->old != 1 && read_value(ifname) >= 0)
		write_value(ifname, p->old);
	free(p);
}
