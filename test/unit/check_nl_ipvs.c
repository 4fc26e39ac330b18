// SPDX-License-Identifier: GPL-2.0-or-later
/* IPVS netlink attributes without a kernel: what keel encodes decodes back
 * to the same model, and broken replies (short, oversized, truncated,
 * scrambled) give -EBADMSG, never a crash. Also the refusal messages. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/ip_vs.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "nl_ipvs.h"
#include "nl_ipvs_attr.h"
#include "suites.h"

#define FAMILY 0x20	/* any generic-netlink family id will do */

static union ipvs_addr ip(int af, const char *s)
{
	union ipvs_addr a = { 0 };

	ck_assert_int_eq(inet_pton(af, s, &a), 1);
	return a;
}

static struct nl_msg *reply(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(genlmsg_put(m, 0, 1, FAMILY, 0, 0, cmd, IPVS_GENL_VERSION));
	return m;
}

static const struct ipvs_service svcs[] = {
	{ .af = AF_INET, .protocol = IPPROTO_UDP, .port = 51820, .sched = "sh",
	  .flags = IPVS_SVC_F_PERSISTENT | IPVS_SVC_F_SH_PORT, .timeout = 300,
	  .netmask = 0xffffff00 },
	{ .af = AF_INET6, .protocol = IPPROTO_SCTP, .port = 9, .sched = "mh", .pe_name = "sip",
	  .flags = IPVS_SVC_F_ONEPACKET | IPVS_SVC_F_MH_FALLBACK, .netmask = 64 },
	{ .af = AF_INET6, .fwmark = 77, .sched = "wrr", .netmask = 128 },
};

START_TEST(service_round_trip)
{
	for (size_t i = 0; i < sizeof(svcs) / sizeof(svcs[0]); i++) {
		struct ipvs_service in = svcs[i], out;
		struct nl_msg *m = reply(IPVS_CMD_NEW_SERVICE);
		const char *why = NULL;

		if (!in.fwmark)
			in.addr = ip(in.af, in.af == AF_INET ? "10.0.0.1" : "2001:db8::1");
		ck_assert_int_eq(nl_ipvs_put_service(m, &in, true), 0);
		ck_assert_int_eq(nl_ipvs_parse_service(nlmsg_hdr(m), &out, &why), 0);
		ck_assert_msg(ipvs_service_equal(&in, &out), "service %zu differs", i);
		nlmsg_free(m);
	}
}
END_TEST

START_TEST(dest_round_trip)
{
	struct ipvs_dest in = { .af = AF_INET6, .addr = ip(AF_INET6, "2001:db8::2"), .port = 51820,
				.fwd = IPVS_FWD_TUN, .tun_type = IPVS_TUN_GUE, .tun_port = 6080,
				.tun_flags = IPVS_TUN_F_REMCSUM, .weight = 65535,
				.u_threshold = 100, .l_threshold = 10 }, out;
	struct nl_msg *m = reply(IPVS_CMD_NEW_DEST);

	ck_assert_int_eq(nl_ipvs_put_dest(m, &in, true), 0);
	ck_assert_int_eq(nl_ipvs_parse_dest(nlmsg_hdr(m), AF_INET, &out, NULL), 0);
	ck_assert(ipvs_dest_equal(&in, &out));
	nlmsg_free(m);
}
END_TEST

/* Old kernels leave out the dest's family: the service's stands in. */
START_TEST(dest_family_defaults_to_service)
{
	struct nl_msg *m = reply(IPVS_CMD_NEW_DEST);
	struct nlattr *n = nla_nest_start(m, IPVS_CMD_ATTR_DEST);
	union ipvs_addr a = ip(AF_INET, "10.0.1.2");
	struct ipvs_dest out;

	nla_put(m, IPVS_DEST_ATTR_ADDR, sizeof(a), &a);
	nla_put_u16(m, IPVS_DEST_ATTR_PORT, htons(80));
	nla_put_u32(m, IPVS_DEST_ATTR_FWD_METHOD, IP_VS_CONN_F_MASQ);
	nla_put_u32(m, IPVS_DEST_ATTR_WEIGHT, 3);
	nla_put_u32(m, IPVS_DEST_ATTR_U_THRESH, 0);
	nla_put_u32(m, IPVS_DEST_ATTR_L_THRESH, 0);
	nla_put_u32(m, IPVS_DEST_ATTR_ACTIVE_CONNS, 12);
	nla_nest_end(m, n);
	ck_assert_int_eq(nl_ipvs_parse_dest(nlmsg_hdr(m), AF_INET, &out, NULL), 0);
	ck_assert_int_eq(out.af, AF_INET);
	ck_assert_int_eq(out.port, 80);
	ck_assert_int_eq(out.weight, 3);
	ck_assert_uint_eq(out.conns.active, 12);
	nlmsg_free(m);
}
END_TEST

START_TEST(daemon_timeouts_info_round_trip)
{
	struct ipvs_daemon d = { .state = IPVS_DAEMON_BACKUP, .ifname = "eth0", .syncid = 9,
				 .maxlen = 1400, .group_af = AF_INET6, .port = 8849, .ttl = 2 }, dout;
	struct ipvs_timeouts to = { 100, 20, 30 }, tout;
	struct ipvs_info info;
	struct nl_msg *m = reply(IPVS_CMD_NEW_DAEMON);

	d.group = ip(AF_INET6, "ff02::88");
	ck_assert_int_eq(nl_ipvs_put_daemon(m, &d, true), 0);
	ck_assert_int_eq(nl_ipvs_parse_daemon(nlmsg_hdr(m), &dout, NULL), 0);
	ck_assert_str_eq(dout.ifname, "eth0");
	ck_assert(dout.state == d.state && dout.syncid == 9 && dout.maxlen == 1400 &&
		  dout.group_af == AF_INET6 && dout.port == 8849 && dout.ttl == 2 &&
		  memcmp(&dout.group, &d.group, 16) == 0);
	nlmsg_free(m);
	m = reply(IPVS_CMD_SET_CONFIG);
	ck_assert_int_eq(nl_ipvs_put_timeouts(m, &to), 0);
	ck_assert_int_eq(nl_ipvs_parse_timeouts(nlmsg_hdr(m), &tout, NULL), 0);
	ck_assert(tout.tcp == 100 && tout.tcp_fin == 20 && tout.udp == 30);
	nlmsg_free(m);
	m = reply(IPVS_CMD_SET_INFO);
	nla_put_u32(m, IPVS_INFO_ATTR_VERSION, 0x010201);
	nla_put_u32(m, IPVS_INFO_ATTR_CONN_TAB_SIZE, 4096);
	ck_assert_int_eq(nl_ipvs_parse_info(nlmsg_hdr(m), &info, NULL), 0);
	ck_assert(info.version == 0x010201 && info.conn_tab_size == 4096);
	nlmsg_free(m);
}
END_TEST

/* A service reply built attribute by attribute, with one thing broken. */
enum svc_break {
	BREAK_NONE, BREAK_SHORT_ADDR, BREAK_V6_SHORT_ADDR, BREAK_NO_SCHED, BREAK_BAD_AF,
	BREAK_SHORT_TIMEOUT, BREAK_LONG_PORT, BREAK_SCHED_NO_NUL, BREAK_SCHED_TOO_LONG,
	BREAK_SHORT_FLAGS, BREAK_NO_NEST, BREAK_NOT_NESTED, BREAK_COUNT
};

static struct nl_msg *broken_service(enum svc_break b)
{
	struct nl_msg *m = reply(IPVS_CMD_NEW_SERVICE);
	struct ip_vs_flags fl = { 0, ~0u };
	union ipvs_addr a = ip(AF_INET6, "2001:db8::1");
	struct nlattr *n;

	if (b == BREAK_NO_NEST)
		return m;
	if (b == BREAK_NOT_NESTED) {
		nla_put_u32(m, IPVS_CMD_ATTR_SERVICE, 5);
		return m;
	}
	n = nla_nest_start(m, IPVS_CMD_ATTR_SERVICE);
	nla_put_u16(m, IPVS_SVC_ATTR_AF, b == BREAK_BAD_AF ? 99 : b == BREAK_V6_SHORT_ADDR ? AF_INET6 : AF_INET);
	nla_put_u16(m, IPVS_SVC_ATTR_PROTOCOL, IPPROTO_UDP);
	nla_put(m, IPVS_SVC_ATTR_ADDR, b == BREAK_SHORT_ADDR ? 2 : b == BREAK_V6_SHORT_ADDR ? 4 : 16, &a);
	if (b == BREAK_LONG_PORT)
		nla_put_u32(m, IPVS_SVC_ATTR_PORT, 80);
	else
		nla_put_u16(m, IPVS_SVC_ATTR_PORT, htons(80));
	if (b == BREAK_SCHED_NO_NUL)
		nla_put(m, IPVS_SVC_ATTR_SCHED_NAME, 2, "rr");
	else if (b == BREAK_SCHED_TOO_LONG)
		nla_put_string(m, IPVS_SVC_ATTR_SCHED_NAME, "a-scheduler-name-too-long");
	else if (b != BREAK_NO_SCHED)
		nla_put_string(m, IPVS_SVC_ATTR_SCHED_NAME, "rr");
	nla_put(m, IPVS_SVC_ATTR_FLAGS, b == BREAK_SHORT_FLAGS ? 4 : sizeof(fl), &fl);
	if (b == BREAK_SHORT_TIMEOUT)
		nla_put_u16(m, IPVS_SVC_ATTR_TIMEOUT, 5);
	else
		nla_put_u32(m, IPVS_SVC_ATTR_TIMEOUT, 5);
	nla_put_u32(m, IPVS_SVC_ATTR_NETMASK, 0xffffffff);
	nla_nest_end(m, n);
	return m;
}

START_TEST(broken_services_are_refused)
{
	for (int b = 0; b < BREAK_COUNT; b++) {
		struct nl_msg *m = broken_service(b);
		struct ipvs_service out;
		const char *why = NULL;
		int rc = nl_ipvs_parse_service(nlmsg_hdr(m), &out, &why);

		if (b == BREAK_NONE) {
			ck_assert_int_eq(rc, 0);
		} else {
			ck_assert_msg(rc == -EBADMSG, "break %d accepted", b);
			ck_assert_ptr_nonnull(why);
		}
		nlmsg_free(m);
	}
}
END_TEST

START_TEST(broken_dests_are_refused)
{
	for (int b = 0; b < 4; b++) {
		struct nl_msg *m = reply(IPVS_CMD_NEW_DEST);
		struct nlattr *n = nla_nest_start(m, IPVS_CMD_ATTR_DEST);
		union ipvs_addr a = ip(AF_INET6, "2001:db8::2");
		struct ipvs_dest out;

		nla_put(m, IPVS_DEST_ATTR_ADDR, b == 0 ? 4 : 16, &a);
		nla_put_u16(m, IPVS_DEST_ATTR_ADDR_FAMILY, AF_INET6);
		nla_put_u16(m, IPVS_DEST_ATTR_PORT, htons(80));
		nla_put_u32(m, IPVS_DEST_ATTR_FWD_METHOD, b == 1 ? 6 : IP_VS_CONN_F_DROUTE);
		nla_put_u32(m, IPVS_DEST_ATTR_WEIGHT, b == 2 ? 0x80000000u : 1);
		if (b != 3)
			nla_put_u32(m, IPVS_DEST_ATTR_U_THRESH, 0);
		nla_put_u32(m, IPVS_DEST_ATTR_L_THRESH, 0);
		nla_nest_end(m, n);
		ck_assert_msg(nl_ipvs_parse_dest(nlmsg_hdr(m), AF_INET6, &out, NULL) == -EBADMSG,
			      "dest break %d accepted", b);
		nlmsg_free(m);
	}
}
END_TEST

static uint64_t rnd_next(uint64_t *r)
{
	*r ^= *r >> 12;
	*r ^= *r << 25;
	*r ^= *r >> 27;
	return *r * 2685821657736338717ull;
}

/* Runs every parser over len bytes copied into a buffer of exactly that
 * size, so any read past the message is caught by ASan. */
static void parse_all(const void *bytes, size_t len)
{
	struct nlmsghdr *h = malloc(len);
	struct ipvs_service s;
	struct ipvs_dest d;
	struct ipvs_daemon dm;
	struct ipvs_timeouts to;
	struct ipvs_info in;
	int rc;

	ck_assert_ptr_nonnull(h);
	memcpy(h, bytes, len);
	h->nlmsg_len = (uint32_t)len;
	rc = nl_ipvs_parse_service(h, &s, NULL);
	ck_assert(rc == 0 || rc == -EBADMSG);
	rc = nl_ipvs_parse_dest(h, AF_INET, &d, NULL);
	ck_assert(rc == 0 || rc == -EBADMSG);
	rc = nl_ipvs_parse_daemon(h, &dm, NULL);
	ck_assert(rc == 0 || rc == -EBADMSG);
	rc = nl_ipvs_parse_timeouts(h, &to, NULL);
	ck_assert(rc == 0 || rc == -EBADMSG);
	rc = nl_ipvs_parse_info(h, &in, NULL);
	ck_assert(rc == 0 || rc == -EBADMSG);
	free(h);
}

/* Every truncation, and thousands of scrambled copies, of valid replies. */
START_TEST(scrambled_replies_never_crash)
{
	struct ipvs_dest dd = { .af = AF_INET, .addr = ip(AF_INET, "10.0.1.2"), .port = 1,
				.fwd = IPVS_FWD_DR, .weight = 1 };
	struct ipvs_daemon dm = { .state = 1, .ifname = "eth0", .group_af = AF_INET };
	struct nl_msg *m[3] = { reply(IPVS_CMD_NEW_SERVICE), reply(IPVS_CMD_NEW_DEST),
				reply(IPVS_CMD_NEW_DAEMON) };
	uint64_t r = 7;

	ck_assert_int_eq(nl_ipvs_put_service(m[0], &svcs[1], true), 0);
	ck_assert_int_eq(nl_ipvs_put_dest(m[1], &dd, true), 0);
	ck_assert_int_eq(nl_ipvs_put_daemon(m[2], &dm, true), 0);
	for (int i = 0; i < 3; i++) {
		const struct nlmsghdr *h = nlmsg_hdr(m[i]);
		uint8_t *copy = malloc(h->nlmsg_len);

		for (size_t len = NLMSG_HDRLEN; len <= h->nlmsg_len; len++)
			parse_all(h, len);
		for (int round = 0; round < 3000; round++) {
			memcpy(copy, h, h->nlmsg_len);
			for (int k = 0; k < 1 + round % 4; k++) {
				size_t at = NLMSG_HDRLEN + rnd_next(&r) % (h->nlmsg_len - NLMSG_HDRLEN);

				copy[at] = (uint8_t)rnd_next(&r);
			}
			parse_all(copy, h->nlmsg_len);
		}
		free(copy);
		nlmsg_free(m[i]);
	}
}
END_TEST

START_TEST(refusals_name_the_object)
{
	struct ipvs_op op = { .kind = IPVS_OP_ADD_SVC,
			      .svc = { .af = AF_INET, .protocol = IPPROTO_UDP, .port = 51820,
				       .addr = ip(AF_INET, "10.0.0.1"), .sched = "nosuch" } };
	char buf[256];

	ck_assert_str_eq(nl_ipvs_op_error(&op, -ENOENT, buf, sizeof(buf)),
			 "add service UDP 10.0.0.1:51820: no such scheduler");
	snprintf(op.svc.pe_name, sizeof(op.svc.pe_name), "sip");
	ck_assert_str_eq(nl_ipvs_op_strerror(&op, -ENOENT), "no such scheduler or persistence engine");
	op.kind = IPVS_OP_ADD_DEST;
	op.dest = (struct ipvs_dest){ .af = AF_INET, .addr = ip(AF_INET, "10.0.1.2"), .port = 51820 };
	ck_assert_str_eq(nl_ipvs_op_error(&op, -ESRCH, buf, sizeof(buf)),
			 "add dest 10.0.1.2:51820 to UDP 10.0.0.1:51820: no such service");
	op.kind = IPVS_OP_EDIT_DEST;
	ck_assert_str_eq(nl_ipvs_op_strerror(&op, -ENOENT), "no such dest");
	op.kind = IPVS_OP_DEL_SVC;
	ck_assert_str_eq(nl_ipvs_op_strerror(&op, -EPERM), "not permitted (needs CAP_NET_ADMIN)");
}
END_TEST

/* --- the transport, with a socketpair for a kernel ------------------------ */

#define PORT 4242u
#define SEQ0 1000u

struct fake {
	int k;			/* the kernel's end */
	struct nl_ipvs *nl;
	uint8_t dgram[8192];	/* the reply datagram being put together */
	size_t len;
};

static void fake_open(struct fake *f)
{
	struct timeval tv = { .tv_usec = 200000 };	/* no reply: a quick timeout */
	int sv[2];

	f->len = 0;
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	ck_assert_int_eq(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	ck_assert_int_eq(nl_ipvs_open_fd(&f->nl, sv[0], FAMILY, PORT, SEQ0), 0);
	f->k = sv[1];
}

static void fake_close(struct fake *f)
{
	nl_ipvs_close(f->nl);
	close(f->k);
}

static void put_raw(struct fake *f, const void *p, size_t len)
{
	ck_assert_uint_le(f->len + NLMSG_ALIGN(len), sizeof(f->dgram));
	memcpy(f->dgram + f->len, p, len);
	f->len += NLMSG_ALIGN(len);
}

static void put_ack(struct fake *f, uint32_t seq, uint32_t pid, int err)
{
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
	} a = { .h = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct nlmsgerr)), .nlmsg_type = NLMSG_ERROR,
		       .nlmsg_seq = seq, .nlmsg_pid = pid },
		.e = { .error = err } };

	put_raw(f, &a, a.h.nlmsg_len);
}

static void put_done(struct fake *f, uint32_t seq)
{
	struct {
		struct nlmsghdr h;
		int err;
	} d = { .h = { .nlmsg_len = NLMSG_LENGTH(sizeof(int)), .nlmsg_type = NLMSG_DONE,
		       .nlmsg_flags = NLM_F_MULTI, .nlmsg_seq = seq, .nlmsg_pid = PORT } };

	put_raw(f, &d, d.h.nlmsg_len);
}

static void put_service(struct fake *f, uint32_t seq, const struct ipvs_service *svc, int flags)
{
	struct nl_msg *m = reply(IPVS_CMD_NEW_SERVICE);
	struct nlmsghdr *h = nlmsg_hdr(m);

	ck_assert_int_eq(nl_ipvs_put_service(m, svc, true), 0);
	h->nlmsg_seq = seq;
	h->nlmsg_pid = PORT;
	h->nlmsg_flags = NLM_F_MULTI | flags;
	put_raw(f, h, h->nlmsg_len);
	nlmsg_free(m);
}

static void send_dgram(struct fake *f)
{
	ck_assert_int_eq(send(f->k, f->dgram, f->len, MSG_DONTWAIT), (ssize_t)f->len);
	f->len = 0;
}

static struct ipvs_op add_op(unsigned i)
{
	struct ipvs_op op = { .kind = IPVS_OP_ADD_SVC, .svc = svcs[0] };

	op.svc.addr.b[0] = 10;
	op.svc.addr.b[3] = (uint8_t)(i + 1);
	return op;
}

/* Three ops in one datagram; the middle one refused: only it fails, and
 * the requests on the wire are exactly the ops, in order. */
START_TEST(batch_acks_map_to_ops)
{
	struct ipvs_op op[3] = { add_op(0), add_op(1), add_op(2) };
	struct ipvs_ops ops = { .op = op, .n = 3, .cap = 3 };
	int errs[3] = { 1, 1, 1 };
	uint8_t req[8192];
	struct nlmsghdr *h = (struct nlmsghdr *)req;
	struct fake f;
	int n;

	fake_open(&f);
	put_ack(&f, SEQ0, PORT, 0);
	put_ack(&f, SEQ0 + 1, PORT, -ENOENT);
	put_ack(&f, SEQ0 + 2, PORT, 0);
	send_dgram(&f);
	ck_assert_int_eq(nl_ipvs_apply(f.nl, &ops, errs), 1);
	ck_assert(errs[0] == 0 && errs[1] == -ENOENT && errs[2] == 0);
	ck_assert(nl_ipvs_stats(f.nl)->requests == 3 && nl_ipvs_stats(f.nl)->sends == 1);
	n = (int)recv(f.k, req, sizeof(req), MSG_DONTWAIT);
	for (unsigned i = 0; i < 3; i++, h = nlmsg_next(h, &n)) {
		struct ipvs_service got;

		ck_assert(nlmsg_ok(h, n));
		ck_assert_uint_eq(h->nlmsg_seq, SEQ0 + i);
		ck_assert_uint_eq(h->nlmsg_type, FAMILY);
		ck_assert((h->nlmsg_flags & (NLM_F_REQUEST | NLM_F_ACK)) == (NLM_F_REQUEST | NLM_F_ACK));
		ck_assert_uint_eq(genlmsg_hdr(h)->cmd, IPVS_CMD_NEW_SERVICE);
		ck_assert_int_eq(nl_ipvs_parse_service(h, &got, NULL), 0);
		ck_assert(ipvs_service_equal(&got, &op[i].svc));
	}
	ck_assert(!nlmsg_ok(h, n));
	fake_close(&f);
}
END_TEST

/* 200 ops are four datagrams, the kernel fed one while the next is built
 * (apply_pipelined): every request goes out once and in order, under
 * consecutive numbers, and every outcome lands on its own op: three
 * refusals spread over the batches, one op refused before sending. When
 * the kernel stops answering after two datagrams, the third times out:
 * its ops and the fourth's stay unconfirmed, and the fourth is never
 * sent. The kernel here is a thread answering each request datagram
 * with its ACKs, as many as fit the driver's ACK reads per datagram. */
#define MANY 200
#define LOCAL_REFUSAL 70

static void many_ops(struct ipvs_op *op)
{
	for (unsigned i = 0; i < MANY; i++)
		op[i] = add_op(i);
	op[LOCAL_REFUSAL].svc.af = 99;
}

static int many_err(unsigned i)
{
	return i == 5 ? -ENOENT : i == 130 ? -EEXIST : i == 199 ? -ESRCH : 0;
}

struct fake_kernel {
	struct fake *f;
	unsigned answer;	/* request datagrams to answer, then silence */
	uint8_t wire[64 * 1024];	/* the requests it took, one after the other */
	size_t len;
};

static void send_dgram_wait(struct fake *f)
{
	if (f->len)
		ck_assert_int_eq(send(f->k, f->dgram, f->len, 0), (ssize_t)f->len);
	f->len = 0;
}

static void *fake_kernel_run(void *arg)
{
	struct fake_kernel *fk = arg;

	for (unsigned d = 0; d < fk->answer; d++) {
		int n = (int)recv(fk->f->k, fk->wire + fk->len, sizeof(fk->wire) - fk->len, 0);
		struct nlmsghdr *h = (struct nlmsghdr *)(fk->wire + fk->len);

		ck_assert_int_gt(n, 0);
		fk->len += (size_t)n;
		for (; nlmsg_ok(h, n); h = nlmsg_next(h, &n)) {
			struct ipvs_service got;

			ck_assert_int_eq(nl_ipvs_parse_service(h, &got, NULL), 0);
			if (fk->f->len + NLMSG_LENGTH(sizeof(struct nlmsgerr)) > 1024)
				send_dgram_wait(fk->f);
			put_ack(fk->f, h->nlmsg_seq, PORT, many_err(got.addr.b[3] - 1u));
		}
		send_dgram_wait(fk->f);
	}
	return NULL;
}

/* The requests the kernel took and those left unread, in order, against
 * the ops; their count. */
static unsigned many_on_wire(struct fake_kernel *fk, const struct ipvs_op *op)
{
	unsigned want = 0, seen = 0;
	int n;

	while ((n = (int)recv(fk->f->k, fk->wire + fk->len, sizeof(fk->wire) - fk->len, MSG_DONTWAIT)) > 0)
		fk->len += (size_t)n;
	n = (int)fk->len;
	for (struct nlmsghdr *h = (struct nlmsghdr *)fk->wire; nlmsg_ok(h, n); h = nlmsg_next(h, &n)) {
		struct ipvs_service got;

		want += want == LOCAL_REFUSAL;
		ck_assert_uint_eq(h->nlmsg_seq, SEQ0 + seen);
		ck_assert_int_eq(nl_ipvs_parse_service(h, &got, NULL), 0);
		ck_assert_msg(ipvs_service_equal(&got, &op[want].svc), "request %u is not op %u", seen, want);
		want++;
		seen++;
	}
	return seen;
}

static int many_apply(struct fake_kernel *fk, const struct ipvs_op *op, int *errs)
{
	struct ipvs_ops ops = { .op = (struct ipvs_op *)op, .n = MANY, .cap = MANY };
	pthread_t t;
	int rc;

	ck_assert_int_eq(pthread_create(&t, NULL, fake_kernel_run, fk), 0);
	rc = nl_ipvs_apply(fk->f->nl, &ops, errs);
	pthread_join(t, NULL);
	return rc;
}

/* The 200 ops against a kernel that answers `answer` datagrams: ops
 * before `confirmed` get their own outcome, the rest the socket's error,
 * which nl_ipvs_apply returns (else the count of refusals). */
static void many_run(unsigned answer, unsigned confirmed, int rc, unsigned sends, unsigned on_wire)
{
	static struct ipvs_op op[MANY];
	static struct fake_kernel fk;
	int errs[MANY];
	struct fake f;

	many_ops(op);
	fake_open(&f);
	fk = (struct fake_kernel){ .f = &f, .answer = answer };
	ck_assert_int_eq(many_apply(&fk, op, errs), rc);
	for (unsigned i = 0; i < MANY; i++) {
		int want = i == LOCAL_REFUSAL ? -EINVAL : i < confirmed ? many_err(i) : rc;

		ck_assert_msg(errs[i] == want, "op %u: %d, want %d", i, errs[i], want);
	}
	ck_assert_uint_eq(nl_ipvs_stats(f.nl)->sends, sends);
	ck_assert_uint_eq(many_on_wire(&fk, op), on_wire);
	fake_close(&f);
}

START_TEST(many_batches_keep_order)
{
	many_run(4, MANY, 4, 4, MANY - 1);
}
END_TEST

START_TEST(many_batches_stop_at_a_dead_socket)
{
	many_run(2, 128, -ETIMEDOUT, 3, 64 + 63 + 64);
}
END_TEST

/* Replies to someone else, or to an earlier abandoned request, are skipped. */
START_TEST(stale_replies_are_skipped)
{
	struct ipvs_op op = add_op(0);
	struct ipvs_ops ops = { .op = &op, .n = 1, .cap = 1 };
	struct fake f;

	fake_open(&f);
	put_ack(&f, SEQ0 - 5, PORT, -EEXIST);
	put_ack(&f, SEQ0, PORT + 1, -EEXIST);
	send_dgram(&f);
	put_ack(&f, SEQ0, PORT, 0);
	send_dgram(&f);
	ck_assert_int_eq(nl_ipvs_apply(f.nl, &ops, NULL), 0);
	fake_close(&f);
}
END_TEST

START_TEST(interrupted_dumps_are_retried)
{
	struct ipvs_table t;
	struct fake f;

	fake_open(&f);
	put_service(&f, SEQ0, &svcs[2], NLM_F_DUMP_INTR);	/* interrupted */
	put_done(&f, SEQ0);
	send_dgram(&f);
	put_service(&f, SEQ0 + 1, &svcs[2], 0);		/* repeated by index resume */
	put_service(&f, SEQ0 + 1, &svcs[2], 0);
	put_done(&f, SEQ0 + 1);
	send_dgram(&f);
	put_service(&f, SEQ0 + 2, &svcs[2], 0);		/* consistent */
	put_service(&f, SEQ0 + 2, &svcs[1], 0);
	put_done(&f, SEQ0 + 2);
	send_dgram(&f);
	ck_assert_int_eq(nl_ipvs_dump_services(f.nl, &t), 0);
	ck_assert_uint_eq(t.n, 2);
	ck_assert(ipvs_table_sorted(&t));
	ck_assert_uint_eq(nl_ipvs_stats(f.nl)->dump_retries, 2);
	ck_assert_uint_eq(nl_ipvs_stats(f.nl)->requests, 3);
	ipvs_table_free(&t);
	fake_close(&f);
}
END_TEST

/* A kernel reply that makes no sense is an error for the request, never a
 * crash, and never a silent success. */
START_TEST(bad_replies_are_errors)
{
	struct ipvs_op op = add_op(0);
	struct ipvs_ops ops = { .op = &op, .n = 1, .cap = 1 };
	struct {
		struct nlmsghdr h;
		uint8_t half_an_error[4];
	} shortack = { .h = { .nlmsg_len = NLMSG_LENGTH(2), .nlmsg_type = NLMSG_ERROR,
			      .nlmsg_seq = SEQ0, .nlmsg_pid = PORT } };
	struct nlmsghdr junk = { .nlmsg_len = NLMSG_LENGTH(0), .nlmsg_type = FAMILY,
				 .nlmsg_flags = NLM_F_MULTI, .nlmsg_seq = SEQ0 + 1, .nlmsg_pid = PORT };
	struct nlmsghdr toolong = { .nlmsg_len = 4000, .nlmsg_type = NLMSG_ERROR,
				    .nlmsg_seq = SEQ0 + 2, .nlmsg_pid = PORT };
	struct ipvs_table t;
	int err = 0;
	struct fake f;

	fake_open(&f);
	put_raw(&f, &shortack, shortack.h.nlmsg_len);	/* an nlmsgerr cut short */
	send_dgram(&f);
	ck_assert_int_eq(nl_ipvs_apply(f.nl, &ops, &err), 1);
	ck_assert_int_eq(err, -EBADMSG);
	put_raw(&f, &junk, sizeof(junk));		/* no generic-netlink header */
	put_done(&f, SEQ0 + 1);
	send_dgram(&f);
	ck_assert_int_eq(nl_ipvs_dump_services(f.nl, &t), -EBADMSG);
	ck_assert_uint_eq(t.n, 0);
	put_raw(&f, &toolong, sizeof(toolong));		/* longer than the datagram */
	send_dgram(&f);
	ck_assert_int_eq(nl_ipvs_apply(f.nl, &ops, &err), -EBADMSG);
	ck_assert_int_eq(nl_ipvs_apply(f.nl, &ops, &err), -ETIMEDOUT);	/* no reply at all */
	ck_assert_int_eq(err, -ETIMEDOUT);
	fake_close(&f);
}
END_TEST

START_TEST(info_and_timeouts_through_the_socket)
{
	struct nl_msg *m = reply(IPVS_CMD_SET_INFO);
	struct nlmsghdr *h = nlmsg_hdr(m);
	struct ipvs_info info;
	struct ipvs_timeouts to = { 1, 2, 3 };
	struct fake f;

	fake_open(&f);
	nla_put_u32(m, IPVS_INFO_ATTR_VERSION, 0x010201);
	nla_put_u32(m, IPVS_INFO_ATTR_CONN_TAB_SIZE, 4096);
	h->nlmsg_seq = SEQ0;
	h->nlmsg_pid = PORT;
	put_raw(&f, h, h->nlmsg_len);
	put_ack(&f, SEQ0, PORT, 0);
	send_dgram(&f);
	ck_assert_int_eq(nl_ipvs_info(f.nl, &info), 0);
	ck_assert(info.version == 0x010201 && info.conn_tab_size == 4096);
	put_ack(&f, SEQ0 + 1, PORT, -EPERM);
	send_dgram(&f);
	ck_assert_int_eq(nl_ipvs_set_timeouts(f.nl, &to), -EPERM);
	nlmsg_free(m);
	fake_close(&f);
}
END_TEST

Suite *nl_ipvs_suite(void)
{
	Suite *s = suite_create("nl_ipvs");
	TCase *tc = tcase_create("attributes");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, service_round_trip);
	tcase_add_test(tc, dest_round_trip);
	tcase_add_test(tc, dest_family_defaults_to_service);
	tcase_add_test(tc, daemon_timeouts_info_round_trip);
	tcase_add_test(tc, broken_services_are_refused);
	tcase_add_test(tc, broken_dests_are_refused);
	tcase_add_test(tc, scrambled_replies_never_crash);
	tcase_add_test(tc, refusals_name_the_object);
	suite_add_tcase(s, tc);
	tc = tcase_create("transport");
	tcase_add_test(tc, batch_acks_map_to_ops);
	tcase_add_test(tc, many_batches_keep_order);
	tcase_add_test(tc, many_batches_stop_at_a_dead_socket);
	tcase_add_test(tc, stale_replies_are_skipped);
	tcase_add_test(tc, interrupted_dumps_are_retried);
	tcase_add_test(tc, bad_replies_are_errors);
	tcase_add_test(tc, info_and_timeouts_through_the_socket);
	suite_add_tcase(s, tc);
	return s;
}
