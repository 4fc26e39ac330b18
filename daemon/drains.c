// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drains.h"

static bool same_addr(const struct cfg_ip *a, const struct cfg_ip *b)
{
	size_t len = a->af == AF_INET ? 4 : 16;

	return a->af == b->af && memcmp(a->b, b->b, len) == 0;
}

static bool names(const struct drain *d, const struct cfg_ip *addr, uint16_t port)
{
	return same_addr(&d->addr, addr) && (d->port == 0 || d->port == port);
}

int drain_parse(const char *s, struct drain *out)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *port = NULL, *end;
	unsigned long p = 0;
	size_t len;
	char *stop;

	memset(out, 0, sizeof(*out));
	if (s[0] == '[') {
		if (!(end = strchr(s, ']')))
			return -1;
		len = (size_t)(end - s - 1);
		s++;
		if (end[1] == ':')
			port = end + 2;
		else if (end[1])
			return -1;
	} else {
		end = strchr(s, ':');
		/* a second colon: a bare IPv6 address, no port */
		if (end && !strchr(end + 1, ':'))
			port = end + 1;
		else
			end = NULL;
		len = end ? (size_t)(end - s) : strlen(s);
	}
	if (len == 0 || len >= sizeof(host))
		return -1;
	memcpy(host, s, len);
	host[len] = '\0';
	if (!cfg_ip_parse(host, &out->addr))
		return -1;
	if (port) {
		p = strtoul(port, &stop, 10);
		if (!*port || *stop || p == 0 || p > 65535)
			return -1;
	}
	out->port = (uint16_t)p;
	return 0;
}

void drain_format(const struct drain *d, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	cfg_ip_format(&d->addr, a, sizeof(a));
	if (d->addr.af == AF_INET6)
		snprintf(buf, len, d->port ? "[%s]:%u" : "[%s]", a, d->port);
	else
		snprintf(buf, len, d->port ? "%s:%u" : "%s", a, d->port);
}

static struct drain *find(const struct drains *ds, const struct drain *d)
{
	for (size_t i = 0; i < ds->n; i++)
		if (same_addr(&ds->v[i].addr, &d->addr) && ds->v[i].port == d->port)
			return &ds->v[i];
	return NULL;
}

int drains_add(struct drains *ds, const struct drain *d)
{
	struct drain *v;

	if (find(ds, d))
		return 0;
	v = realloc(ds->v, (ds->n + 1) * sizeof(*v));
	if (!v)
		return -1;
	ds->v = v;
	ds->v[ds->n++] = *d;
	return 1;
}

int drains_del(struct drains *ds, const struct drain *d)
{
	struct drain *at = find(ds, d);

	if (!at)
		return 0;
	*at = ds->v[--ds->n];
	return 1;
}

bool drains_match(const struct drains *ds, const struct cfg_rs *rs)
{
	for (size_t i = 0; i < ds->n; i++)
		if (names(&ds->v[i], &rs->addr, rs->port))
			return true;
	return false;
}

size_t drains_count_in(const struct config *cfg, const struct drain *d)
{
	size_t n = 0;

	for (size_t v = 0; v < cfg->nvs; v++)
		for (size_t r = 0; r < cfg->vs[v].nrs; r++)
			n += names(d, &cfg->vs[v].rs[r].addr, cfg->vs[v].rs[r].port);
	return n;
}

void drains_free(struct drains *ds)
{
	free(ds->v);
	ds->v = NULL;
	ds->n = 0;
}
