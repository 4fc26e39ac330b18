// SPDX-License-Identifier: GPL-2.0-or-later
/* What a check's config says about where and how long to probe (chk.h):
 * worked out at each probe from the config, which is a few stores, rather
 * than kept in each of thousands of checks. */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "chk.h"

static socklen_t fill_sa(union chk_sa *ss, const struct cfg_ip *ip, uint16_t port)
{
	memset(ss, 0, sizeof(*ss));
	if (ip->af == AF_INET6) {
		ss->in6.sin6_family = AF_INET6;
		ss->in6.sin6_port = htons(port);
		ss->in6.sin6_addr = ip->v6;
		return sizeof(ss->in6);
	}
	ss->in.sin_family = AF_INET;
	ss->in.sin_port = htons(port);
	ss->in.sin_addr = ip->v4;
	return sizeof(ss->in);
}

socklen_t chk_target(const struct chk *c, union chk_sa *to)
{
	const struct cfg_check *cf = c->conf;

	return fill_sa(to, cf->conn->connect_ip.af ? &cf->conn->connect_ip : &c->rs->addr,
		       cf->connect_port ? cf->connect_port : c->rs->port);
}

socklen_t chk_source(const struct chk *c, union chk_sa *from)
{
	const struct cfg_check_conn *o = c->conf->conn;
	/* a bind_port alone binds the target's family's any address */
	struct cfg_ip any = { .af = o->connect_ip.af ? o->connect_ip.af : c->rs->addr.af };

	if (!o->bindto.af && !o->bind_port)
		return 0;
	return fill_sa(from, o->bindto.af ? &o->bindto : &any, o->bind_port);
}

uint64_t chk_timeout_us(const struct cfg_check *cf)
{
	if (cf->kind == CFG_CHECK_MISC)
		return cf->misc->misc_timeout ? cf->misc->misc_timeout : cf->timing.delay_loop;
	/* HTTP_GET/SSL_GET fetch every url in one probe, each in connect_timeout */
	if ((cf->kind == CFG_CHECK_HTTP || cf->kind == CFG_CHECK_SSL) && cf->http->nurls > 1)
		return cf->timing.connect_timeout * cf->http->nurls;
	return cf->timing.connect_timeout;
}
