// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipvs_syncd.h"
#include "log.h"
#include "nl_ipvs.h"

struct ipvs_syncd {
	struct nl_ipvs *nl;
	bool unavailable;		/* no IPVS here: said once */
	bool declared;			/* some config asked for daemons */
	enum ipvs_syncd_role role;
};

static void fill(const struct cfg_lvs_sync *ls, enum ipvs_daemon_state state, struct ipvs_daemon *d)
{
	memset(d, 0, sizeof(*d));
	d->state = state;
	snprintf(d->ifname, sizeof(d->ifname), "%s", ls->ifname ? ls->ifname : "");
	d->syncid = ls->syncid;
	d->maxlen = (uint16_t)ls->maxlen;
	d->group_af = ls->mcast_group.af;
	if (ls->mcast_group.af == AF_INET)
		d->group.in4 = ls->mcast_group.v4;
	else if (ls->mcast_group.af == AF_INET6)
		d->group.in6 = ls->mcast_group.v6;
	d->port = ls->mcast_port;
	d->ttl = ls->mcast_ttl;
}

size_t ipvs_syncd_wanted(const struct cfg_lvs_sync *ls, enum ipvs_syncd_role r,
			 struct ipvs_daemon out[2])
{
	size_t n = 0;

	if (!ls || !ls->set)
		return 0;
	if (r == IPVS_SYNCD_MASTER || r == IPVS_SYNCD_BOTH)
		fill(ls, IPVS_DAEMON_MASTER, &out[n++]);
	if (r == IPVS_SYNCD_BACKUP || r == IPVS_SYNCD_BOTH)
		fill(ls, IPVS_DAEMON_BACKUP, &out[n++]);
	return n;
}

bool ipvs_syncd_matches(const struct ipvs_daemon *w, const struct ipvs_daemon *k)
{
	if (w->state != k->state || w->syncid != k->syncid || strcmp(w->ifname, k->ifname) != 0)
		return false;
	if (w->maxlen && w->maxlen != k->maxlen)
		return false;
	if (w->port && w->port != k->port)
		return false;
	if (w->ttl && w->ttl != k->ttl)
		return false;
	if (w->group_af && (w->group_af != k->group_af ||
			    memcmp(&w->group, &k->group, ipvs_addr_len(w->group_af)) != 0))
		return false;
	return true;
}

const char *ipvs_syncd_role_name(enum ipvs_syncd_role r)
{
	switch (r) {
	case IPVS_SYNCD_MASTER:
		return "master";
	case IPVS_SYNCD_BACKUP:
		return "backup";
	case IPVS_SYNCD_BOTH:
		return "master+backup";
	case IPVS_SYNCD_NONE:
		break;
	}
	return "none";
}

static const char *state_name(uint32_t state)
{
	return state == IPVS_DAEMON_MASTER ? "master" : "backup";
}

struct ipvs_syncd *ipvs_syncd_new(void)
{
	return calloc(1, sizeof(struct ipvs_syncd));
}

static int ensure_open(struct ipvs_syncd *d)
{
	int rc;

	if (d->nl)
		return 0;
	if (d->unavailable)
		return -ENOENT;
	rc = nl_ipvs_open(&d->nl);
	if (rc < 0) {
		d->nl = NULL;
		d->unavailable = true;
		log_warnx("ipvs: sync daemon not available (%s)", strerror(-rc));
	}
	return rc;
}

static bool in(const struct ipvs_daemon *set, size_t n, const struct ipvs_daemon *x, bool x_is_wanted)
{
	for (size_t i = 0; i < n; i++)
		if (x_is_wanted ? ipvs_syncd_matches(x, &set[i]) : ipvs_syncd_matches(&set[i], x))
			return true;
	return false;
}

int ipvs_syncd_set(struct ipvs_syncd *d, const struct cfg_lvs_sync *ls, enum ipvs_syncd_role r)
{
	struct ipvs_daemon want[2], have[2];
	size_t nwant = ipvs_syncd_wanted(ls, r, want), nhave = 0;
	int rc, first = 0;

	d->role = nwant ? r : IPVS_SYNCD_NONE;
	if (!nwant && !d->declared)
		return 0;
	d->declared |= nwant > 0;
	rc = ensure_open(d);
	if (rc < 0)
		return rc;
	rc = nl_ipvs_get_daemons(d->nl, have, 2, &nhave);
	if (rc < 0) {
		log_warnx("ipvs: cannot read the sync daemons: %s", strerror(-rc));
		return rc;
	}
	/* Stop before start: the kernel runs one daemon per state, so a
	 * changed interface or sync id needs the old one gone first. */
	for (size_t i = 0; i < nhave; i++) {
		if (in(want, nwant, &have[i], false))
			continue;
		rc = nl_ipvs_stop_daemon(d->nl, have[i].state);
		if (rc < 0 && !first)
			first = rc;
		if (rc < 0)
			log_warnx("ipvs: stop %s sync daemon on %s: %s", state_name(have[i].state),
				  have[i].ifname, strerror(-rc));
		else
			log_info("ipvs: %s sync daemon on %s (syncid %u) stopped", state_name(have[i].state),
				 have[i].ifname, have[i].syncid);
	}
	for (size_t i = 0; i < nwant; i++) {
		if (in(have, nhave, &want[i], true))
			continue;
		rc = nl_ipvs_start_daemon(d->nl, &want[i]);
		if (rc < 0 && !first)
			first = rc;
		if (rc < 0)
			log_warnx("ipvs: start %s sync daemon on %s (syncid %u): %s",
				  state_name(want[i].state), want[i].ifname, want[i].syncid, strerror(-rc));
		else
			log_info("ipvs: %s sync daemon on %s (syncid %u) started", state_name(want[i].state),
				 want[i].ifname, want[i].syncid);
	}
	if (!nwant)
		d->declared = false;
	return first;
}

enum ipvs_syncd_role ipvs_syncd_role(const struct ipvs_syncd *d)
{
	return d ? d->role : IPVS_SYNCD_NONE;
}

void ipvs_syncd_free(struct ipvs_syncd *d)
{
	if (!d)
		return;
	if (d->nl)
		nl_ipvs_close(d->nl);
	free(d);
}
