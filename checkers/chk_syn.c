// SPDX-License-Identifier: GPL-2.0-or-later
/* Half-open TCP probes (see chk_syn.h). A probe's sequence number carries
 * its slot, so an answer finds its probe at once; the source port is held
 * by a bound TCP socket that never listens, so no other socket gets it and
 * the kernel resets every SYN-ACK that reaches it. */
#include "config.h"

#include <errno.h>
#include <time.h>
#include <linux/errqueue.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chk_syn.h"
#include "chk_syn_pkt.h"
#include "hash_rng.h"
#include "log.h"

#define SYN_SLOTS_MAX (1u << SYN_SLOT_BITS)
#define SYN_RCVBUF (4 << 20)	/* answers to a burst of probes wait here */
#define SYN_DRAIN_EVERY 128	/* probes sent between reads of the answers */
#define SYN_SRC_USES 30		/* probes between route lookups of a check */

enum { FAM_V4, FAM_V6, FAM_N };

struct syn_fam {
	int raw;		/* -1: not yet opened */
	int hold;		/* holds port */
	int route;		/* IPv4: a UDP socket connected to learn a source */
	uint16_t port;
	bool failed;		/* no raw socket: TCP_CHECK connects */
	struct event *ev;
	struct chk_syn *s;
};

struct syn_probe {
	struct chk *c;		/* NULL: free */
	uint32_t isn;
};

/* An answer read but not yet told (read while sending: see syn_drain). */
struct syn_answer {
	uint32_t isn;
	int err;
};

struct chk_syn {
	struct event_base *base;
	chk_syn_done_fn *done;
	struct syn_fam fam[FAM_N];
	struct syn_probe *probes;
	uint32_t nprobes, cap;	/* slots used so far, allocated */
	uint32_t *free;		/* free slots, a stack */
	uint32_t nfree;
	struct syn_answer *answers;
	size_t nanswers, answers_cap;
	struct event *tell_ev;
	unsigned sent_since_read;
	uint64_t rng;
};

bool chk_syn_suits(const struct chk *c)
{
	const struct cfg_check_conn *o = c->conf->conn;

	return c->conf->kind == CFG_CHECK_TCP && !o->full_handshake && !o->bind_if && !o->bind_port &&
	       !o->fwmark;
}

/* --- answers */

static struct syn_probe *probe_of(struct chk_syn *s, uint32_t isn)
{
	uint32_t slot = syn_slot_of(isn);

	if (slot >= s->nprobes || !s->probes[slot].c || s->probes[slot].isn != isn)
		return NULL;
	return &s->probes[slot];
}

static void slot_release(struct chk_syn *s, uint32_t slot)
{
	s->probes[slot].c = NULL;
	s->free[s->nfree++] = slot;
}

static void tell(struct chk_syn *s, uint32_t isn, int err)
{
	struct syn_probe *p = probe_of(s, isn);
	struct chk *c;

	if (!p)
		return;		/* timed out, or an answer to a probe long gone */
	c = p->c;
	slot_release(s, syn_slot_of(isn));
	s->done(c, err);
}

static uint16_t sa_port(const union chk_sa *a)
{
	return ntohs(a->sa.sa_family == AF_INET ? a->in.sin_port : a->in6.sin6_port);
}

/* Whether seg, from addr:port, is from the target of the probe of its ack. */
static bool from_target(struct chk_syn *s, const struct syn_seg *seg, const union chk_sa *from)
{
	struct syn_probe *p = probe_of(s, seg->ack - 1);
	union chk_sa to;

	if (!p)
		return false;
	chk_target(p->c, &to);
	if (to.sa.sa_family != from->sa.sa_family)
		return false;
	if (sa_port(&to) != seg->sport)
		return false;
	if (to.sa.sa_family == AF_INET)
		return to.in.sin_addr.s_addr == from->in.sin_addr.s_addr;
	return memcmp(&to.in6.sin6_addr, &from->in6.sin6_addr, 16) == 0;
}

static void keep_answer(struct chk_syn *s, uint32_t isn, int err)
{
	if (s->nanswers == s->answers_cap) {
		size_t cap = s->answers_cap ? 2 * s->answers_cap : 256;
		struct syn_answer *a = realloc(s->answers, cap * sizeof(*a));
		if (!a)
			return;		/* the probe times out instead */
		s->answers = a;
		s->answers_cap = cap;
	}
	s->answers[s->nanswers++] = (struct syn_answer){ .isn = isn, .err = err };
}

/* One ICMP error the kernel queued for a SYN: its quoted TCP header
 * names the probe. */
static bool read_error(struct syn_fam *f, int af)
{
	uint8_t quote[64], cbuf[512];
	struct iovec iov = { quote, sizeof(quote) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	ssize_t n = recvmsg(f->raw, &mh, MSG_ERRQUEUE | MSG_DONTWAIT);
	struct syn_seg seg;

	if (n < 0)
		return false;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		const struct sock_extended_err *ee = (const void *)CMSG_DATA(cm);
		bool ours = af == AF_INET ? cm->cmsg_level == SOL_IP && cm->cmsg_type == IP_RECVERR
					  : cm->cmsg_level == SOL_IPV6 && cm->cmsg_type == IPV6_RECVERR;
		if (!ours || syn_parse_tcp(quote, (size_t)n, false, &seg) < 0 || seg.sport != f->port)
			continue;
		if (ee->ee_origin == SO_EE_ORIGIN_ICMP || ee->ee_origin == SO_EE_ORIGIN_ICMP6) {
			struct syn_probe *p = probe_of(f->s, seg.seq);
			union chk_sa to;
			if (p && (chk_target(p->c, &to), sa_port(&to) == seg.dport))
				keep_answer(f->s, seg.seq, ee->ee_errno ? (int)ee->ee_errno : EHOSTUNREACH);
		}
	}
	return true;
}

/* One segment that passed the filter: an answer when it acknowledges a
 * probe and comes from its target. */
static bool read_segment(struct syn_fam *f, int af)
{
	uint8_t buf[256];
	union chk_sa from = { 0 };
	socklen_t flen = sizeof(from);
	ssize_t n = recvfrom(f->raw, buf, sizeof(buf), MSG_DONTWAIT, &from.sa, &flen);
	struct syn_seg seg;
	enum syn_verdict v;

	if (n < 0)
		return false;
	if (af == AF_INET) {
		if (syn_parse_v4(buf, (size_t)n, &from.in.sin_addr, &seg) < 0)
			return true;
		from.in.sin_family = AF_INET;
	} else if (syn_parse_tcp(buf, (size_t)n, true, &seg) < 0) {
		return true;
	}
	if (seg.dport != f->port || !from_target(f->s, &seg, &from))
		return true;
	v = syn_judge(&seg, seg.ack - 1);
	if (v != SYN_IGNORE)
		keep_answer(f->s, seg.ack - 1, v == SYN_LISTENING ? 0 : ECONNREFUSED);
	return true;
}

static void drain(struct syn_fam *f)
{
	int af = f == &f->s->fam[FAM_V4] ? AF_INET : AF_INET6;

	while (read_error(f, af))
		;
	while (read_segment(f, af))
		;
}

static void tell_all(struct chk_syn *s)
{
	/* a done() may start probes whose sends read more answers: take turns */
	while (s->nanswers) {
		struct syn_answer a = s->answers[--s->nanswers];
		tell(s, a.isn, a.err);
	}
}

static void on_raw(evutil_socket_t fd, short what, void *arg)
{
	struct syn_fam *f = arg;

	(void)fd, (void)what;
	drain(f);
	tell_all(f->s);
}

static void on_tell(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what;
	tell_all(arg);
}

/* --- sockets */

static int fam_open(struct syn_fam *f, int af)
{
	static const int one = 1, checksum_at = 16;	/* TCP's checksum field */
	union chk_sa any = { .sa.sa_family = (sa_family_t)af };
	socklen_t alen = af == AF_INET ? sizeof(any.in) : sizeof(any.in6);
	struct sock_filter prog[SYN_FILTER_MAX];
	struct sock_fprog fprog = { .filter = prog };
	int rcvbuf = SYN_RCVBUF;

	f->raw = socket(af, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	f->hold = socket(af, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (f->raw < 0 || f->hold < 0)
		return -errno;
	if (bind(f->hold, &any.sa, alen) < 0 || getsockname(f->hold, &any.sa, &alen) < 0)
		return -errno;
	f->port = sa_port(&any);
	fprog.len = (unsigned short)syn_filter(prog, af, f->port);
	if (setsockopt(f->raw, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof(fprog)) < 0)
		return -errno;
	if (af == AF_INET && setsockopt(f->raw, SOL_IP, IP_RECVERR, &one, sizeof(one)) < 0)
		return -errno;
	if (af == AF_INET6 && (setsockopt(f->raw, SOL_IPV6, IPV6_RECVERR, &one, sizeof(one)) < 0 ||
			       setsockopt(f->raw, SOL_IPV6, IPV6_CHECKSUM, &checksum_at, sizeof(checksum_at)) < 0))
		return -errno;
	if (setsockopt(f->raw, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(f->raw, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (af == AF_INET && (f->route = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return -errno;
	f->ev = event_new(f->s->base, f->raw, EV_READ | EV_PERSIST, on_raw, f);
	if (!f->ev || event_add(f->ev, NULL) < 0)
		return -ENOMEM;
	return 0;
}

static void fam_close(struct syn_fam *f)
{
	if (f->ev)
		event_free(f->ev);
	f->ev = NULL;
	if (f->raw >= 0)
		close(f->raw);
	if (f->hold >= 0)
		close(f->hold);
	if (f->route >= 0)
		close(f->route);
	f->raw = f->hold = f->route = -1;
}

static struct syn_fam *fam_get(struct chk_syn *s, int af)
{
	struct syn_fam *f = &s->fam[af == AF_INET ? FAM_V4 : FAM_V6];
	int rc;

	if (f->failed)
		return NULL;
	if (f->raw >= 0)
		return f;
	if ((rc = fam_open(f, af)) < 0) {
		log_warnx("TCP_CHECK: no raw %s socket for half-open probes (%s); probes connect instead",
			  af == AF_INET ? "IPv4" : "IPv6", strerror(-rc));
		fam_close(f);
		f->failed = true;
		return NULL;
	}
	return f;
}

struct chk_syn *chk_syn_new(struct event_base *base, chk_syn_done_fn *done)
{
	struct chk_syn *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->base = base;
	s->done = done;
	s->rng = ((uint64_t)getpid() << 32) ^ (uintptr_t)s ^ 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < FAM_N; i++)
		s->fam[i] = (struct syn_fam){ .raw = -1, .hold = -1, .route = -1, .s = s };
	s->tell_ev = event_new(base, -1, 0, on_tell, s);
	if (!s->tell_ev) {
		free(s);
		return NULL;
	}
	return s;
}

void chk_syn_free(struct chk_syn *s)
{
	if (!s)
		return;
	for (int i = 0; i < FAM_N; i++)
		fam_close(&s->fam[i]);
	event_free(s->tell_ev);
	free(s->probes);
	free(s->free);
	free(s->answers);
	free(s);
}

/* --- probes */

static int slot_take(struct chk_syn *s, uint32_t *slot)
{
	if (s->nfree) {
		*slot = s->free[--s->nfree];
		return 0;
	}
	if (s->nprobes == s->cap) {
		uint32_t cap = s->cap ? 2 * s->cap : 256;
		struct syn_probe *p;
		uint32_t *fr;
		if (s->cap >= SYN_SLOTS_MAX)
			return -EBUSY;
		if (!(p = realloc(s->probes, cap * sizeof(*p))))
			return -ENOMEM;
		s->probes = p;
		if (!(fr = realloc(s->free, cap * sizeof(*fr))))
			return -ENOMEM;
		s->free = fr;
		s->cap = cap;
	}
	*slot = s->nprobes++;
	return 0;
}

/* The source of an IPv4 probe, for its checksum: bindto, else the one the
 * kernel's route to the target gives. */
static int source_v4(struct syn_fam *f, const struct chk *c, const union chk_sa *to, struct chk_syn_src *src)
{
	union chk_sa from;
	socklen_t len = sizeof(from);

	if (c->conf->conn->bindto.af) {
		chk_source(c, &from);
		src->addr = from.in.sin_addr;
		return 0;
	}
	if (src->uses) {
		src->uses--;
		return 0;
	}
	if (connect(f->route, &to->sa, sizeof(to->in)) < 0 || getsockname(f->route, &from.sa, &len) < 0)
		return -errno;
	src->addr = from.in.sin_addr;
	src->uses = SYN_SRC_USES;
	return 0;
}

/* The control message that sends from bindto: ctl holds room for it. */
static void put_pktinfo(struct msghdr *mh, void *ctl, int level, int type, const void *pi, size_t len)
{
	struct cmsghdr *cm;

	mh->msg_control = ctl;
	mh->msg_controllen = CMSG_SPACE(len);
	cm = CMSG_FIRSTHDR(mh);
	*cm = (struct cmsghdr){ .cmsg_level = level, .cmsg_type = type, .cmsg_len = CMSG_LEN(len) };
	memcpy(CMSG_DATA(cm), pi, len);
}

static int send_syn(struct syn_fam *f, const struct chk *c, const union chk_sa *to, struct chk_syn_src *src,
		    uint32_t isn)
{
	uint8_t seg[SYN_SEG_LEN];
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { seg, sizeof(seg) };
	union chk_sa dst = *to, from;
	struct msghdr mh = { .msg_name = &dst.sa, .msg_iov = &iov, .msg_iovlen = 1 };
	bool bound = c->conf->conn->bindto.af;
	int rc;

	syn_build(seg, f->port, sa_port(to), isn);
	/* a raw socket's port is its protocol */
	if (to->sa.sa_family == AF_INET) {
		if ((rc = source_v4(f, c, to, src)) < 0)
			return rc;
		syn_checksum_v4(seg, sizeof(seg), src->addr, to->in.sin_addr);
		dst.in.sin_port = 0;
		mh.msg_namelen = sizeof(dst.in);
		if (bound) {
			struct in_pktinfo pi = { .ipi_spec_dst = src->addr };
			put_pktinfo(&mh, ctl.buf, SOL_IP, IP_PKTINFO, &pi, sizeof(pi));
		}
	} else {
		dst.in6.sin6_port = 0;
		mh.msg_namelen = sizeof(dst.in6);
		if (bound) {
			struct in6_pktinfo pi = { 0 };
			chk_source(c, &from);
			pi.ipi6_addr = from.in6.sin6_addr;
			put_pktinfo(&mh, ctl.buf, SOL_IPV6, IPV6_PKTINFO, &pi, sizeof(pi));
		}
	}
	return sendmsg(f->raw, &mh, 0) < 0 ? -errno : 0;
}

int chk_syn_start(struct chk_syn *s, struct chk *c, struct chk_syn_src *src, uint32_t *slot)
{
	union chk_sa to;
	struct syn_fam *f;
	uint32_t i, isn;
	int rc;

	chk_target(c, &to);
	if (!(f = fam_get(s, to.sa.sa_family)))
		return -EAFNOSUPPORT;
	if ((rc = slot_take(s, &i)) < 0)
		return rc == -ENOMEM ? rc : -EBUSY;
	isn = syn_isn(i, (uint32_t)(xorshift64_next(&s->rng) >> 16));
	if ((rc = send_syn(f, c, &to, src, isn)) < 0) {
		slot_release(s, i);
		return rc;
	}
	s->probes[i] = (struct syn_probe){ .c = c, .isn = isn };
	*slot = i + 1;
	/* on one machine (or a burst of thousands) the answers come back
	 * before the loop turns: read them now so the socket's buffer does not
	 * drop them, and tell them from the loop */
	if (++s->sent_since_read >= SYN_DRAIN_EVERY) {
		s->sent_since_read = 0;
		drain(f);
		if (s->nanswers)
			event_active(s->tell_ev, EV_TIMEOUT, 0);
	}
	return 0;
}

void chk_syn_cancel(struct chk_syn *s, uint32_t slot)
{
	if (slot && slot <= s->nprobes && s->probes[slot - 1].c)
		slot_release(s, slot - 1);
}
