// SPDX-License-Identifier: GPL-2.0-or-later
/* DNS_CHECK: one query (type, default SOA; name, default ".") over UDP to
 * the target; the verdict on replies is dns_msg_verdict() (lib/dns_msg.c).
 * The query is built once at init: only its id changes per probe. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "chk.h"
#include "chk_dgram.h"
#include "dns_msg.h"

struct dns_probe {
	struct chk_dgram d;
	uint8_t query[DNS_MSG_UDP_MAX];
	size_t qlen;
	uint16_t id;
	char reason[64];
};

static void on_read(evutil_socket_t fd, short what, void *arg)
{
	struct chk *c = arg;
	struct dns_probe *p = c->priv;
	uint8_t buf[4096];
	const char *why;
	ssize_t n;
	int err;

	(void)fd, (void)what;
	while ((n = chk_dgram_recv(&p->d, buf, sizeof(buf), &err)) >= 0) {
		enum dns_msg_verdict v = dns_msg_verdict(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf),
							 p->id, &why);
		if (v == DNS_MSG_IGNORE)
			continue;
		chk_dgram_close(&p->d);
		chk_probe_done(c, v == DNS_MSG_PASS, why, -1);
		return;
	}
	if (err) {
		chk_dgram_close(&p->d);
		snprintf(p->reason, sizeof(p->reason), "%s", strerror(err));
		chk_probe_done(c, false, p->reason, -1);
	}
}

static int dns_start(struct chk *c)
{
	struct dns_probe *p = c->priv;

	if (getrandom(&p->id, sizeof(p->id), GRND_NONBLOCK) != sizeof(p->id))
		p->id = (uint16_t)(p->id * 31421u + 6927u);	/* no entropy yet: still varies */
	p->query[0] = (uint8_t)(p->id >> 8);
	p->query[1] = (uint8_t)p->id;
	return chk_dgram_start(c, &p->d, SOCK_DGRAM, 0, NULL, p->query, p->qlen, on_read);
}

static int dns_init(struct chk *c)
{
	struct dns_probe *p = c->priv;
	uint16_t type = dns_msg_type(c->conf->dns->dns_type);
	int n;

	p->d.fd = -1;
	n = type ? dns_msg_query(p->query, sizeof(p->query), 0, c->conf->dns->dns_name ? c->conf->dns->dns_name : ".",
				 type)
		 : -1;
	if (n < 0)
		return -EINVAL;	/* the config reader refuses these first */
	p->qlen = (size_t)n;
	return 0;
}

static void dns_cancel(struct chk *c)
{
	struct dns_probe *p = c->priv;

	chk_dgram_close(&p->d);
}

const struct checker_ops chk_dns_ops = {
	.kind = CFG_CHECK_DNS,
	.priv_size = sizeof(struct dns_probe),
	.init = dns_init,
	.fini = dns_cancel,
	.start = dns_start,
	.cancel = dns_cancel,
};
