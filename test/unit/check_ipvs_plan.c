// SPDX-License-Identifier: GPL-2.0-or-later
/* The IPVS model, its ipvsadm-style listing and the planner: fixtures, and
 * properties over many pseudo-random tables (fixed seeds, so a failure
 * names the seed that reproduces it). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvs_fmt.h"
#include "ipvs_plan.h"
#include "suites.h"

/* ck_assert records its line on every pass (a write to Check's pipe): the
 * property loops check millions of things, so they only pay on failure. */
#define REQUIRE(cond, ...)                         \
	do {                                       \
		if (!(cond))                       \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)
#define REQUIRE_OK(expr) REQUIRE((expr) == 0, "%s failed", #expr)

/* --- builders -------------------------------------------------------------- */

static union ipvs_addr ip(int af, const char *s)
{
	union ipvs_addr a = { 0 };

	REQUIRE(inet_pton(af, s, &a) == 1, "bad address %s", s);
	return a;
}

static struct ipvs_service svc(int af, int proto, const char *addr, uint16_t port, const char *sched)
{
	struct ipvs_service s = { .af = af, .protocol = proto, .port = port,
				  .addr = ip(af, addr), .netmask = ipvs_netmask_full(af) };

	snprintf(s.sched, sizeof(s.sched), "%s", sched);
	return s;
}

static struct ipvs_service fwm(int af, uint32_t mark, const char *sched)
{
	struct ipvs_service s = { .af = af, .fwmark = mark, .netmask = ipvs_netmask_full(af) };

	snprintf(s.sched, sizeof(s.sched), "%s", sched);
	return s;
}

static struct ipvs_dest dst(int af, const char *addr, uint16_t port, int fwd, int weight)
{
	return (struct ipvs_dest){ .af = af, .addr = ip(af, addr), .port = port, .fwd = fwd,
				   .weight = weight };
}

static struct ipvs_entry *add(struct ipvs_table *t, struct ipvs_service s)
{
	struct ipvs_entry *e = ipvs_table_append(t, &s);

	REQUIRE(e, "out of memory");
	return e;
}

static void add_dest(struct ipvs_entry *e, struct ipvs_dest d)
{
	REQUIRE(ipvs_entry_append(e, &d), "out of memory");
}

/* A small table: UDP WireGuard pool with sh, a TCP service, a fwmark one. */
static void sample(struct ipvs_table *t)
{
	struct ipvs_entry *e;

	*t = (struct ipvs_table){ 0 };
	e = add(t, svc(AF_INET, IPPROTO_UDP, "10.0.0.1", 51820, "sh"));
	e->svc.flags = IPVS_SVC_F_SH_PORT | IPVS_SVC_F_PERSISTENT;
	e->svc.timeout = 300;
	add_dest(e, dst(AF_INET, "10.0.1.2", 51820, IPVS_FWD_DR, 1));
	add_dest(e, dst(AF_INET, "10.0.1.3", 51820, IPVS_FWD_DR, 1));
	e = add(t, svc(AF_INET, IPPROTO_TCP, "10.0.0.1", 80, "rr"));
	add_dest(e, dst(AF_INET, "10.0.1.2", 80, IPVS_FWD_NAT, 2));
	e = add(t, fwm(AF_INET6, 7, "mh"));
	add_dest(e, dst(AF_INET6, "2001:db8::7", 0, IPVS_FWD_DR, 1));
	ck_assert_int_eq(ipvs_table_sort(t), 0);
}

static void plan_ok(const struct ipvs_table *want, const struct ipvs_table *have,
		    const struct ipvs_owner *o, struct ipvs_ops *ops)
{
	int rc = ipvs_plan(want, have, o, ops);

	REQUIRE(rc == 0, "plan failed: %d", rc);
}

/* --- model ------------------------------------------------------------------ */

START_TEST(canonical_order)
{
	struct ipvs_table t = { 0 };
	static const char *const want[] = {
		"TCP 9.0.0.1:443", "TCP 10.0.0.9:9", "TCP 10.0.0.9:80", "TCP 10.0.0.10:80",
		"UDP 9.0.0.1:1", "SCTP 9.0.0.1:1", "TCP [2001:db8::1]:80", "TCP [fe80::1]:80",
		"FWM 1 IPv6", "FWM 3", "FWM 3 IPv6", "FWM 100",
	};
	char name[IPVS_SVC_NAME_LEN];

	add(&t, fwm(AF_INET, 100, "rr"));
	add(&t, svc(AF_INET6, IPPROTO_TCP, "fe80::1", 80, "rr"));
	add(&t, fwm(AF_INET6, 3, "rr"));
	add(&t, svc(AF_INET, IPPROTO_SCTP, "9.0.0.1", 1, "rr"));
	add(&t, svc(AF_INET, IPPROTO_TCP, "10.0.0.10", 80, "rr"));
	add(&t, svc(AF_INET, IPPROTO_TCP, "10.0.0.9", 80, "rr"));
	add(&t, fwm(AF_INET, 3, "rr"));
	add(&t, svc(AF_INET, IPPROTO_UDP, "9.0.0.1", 1, "rr"));
	add(&t, svc(AF_INET6, IPPROTO_TCP, "2001:db8::1", 80, "rr"));
	add(&t, svc(AF_INET, IPPROTO_TCP, "10.0.0.9", 9, "rr"));
	add(&t, fwm(AF_INET6, 1, "rr"));
	add(&t, svc(AF_INET, IPPROTO_TCP, "9.0.0.1", 443, "rr"));
	ck_assert(!ipvs_table_sorted(&t));
	ck_assert_int_eq(ipvs_table_sort(&t), 0);
	ck_assert_uint_eq(t.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < t.n; i++)
		ck_assert_str_eq(ipvs_service_name(&t.ent[i].svc, name), want[i]);
	add(&t, fwm(AF_INET, 3, "wrr"));
	ck_assert_int_eq(ipvs_table_sort(&t), -EEXIST);
	ipvs_table_free(&t);
}
END_TEST

START_TEST(dest_order_and_equality)
{
	struct ipvs_table t = { 0 };
	struct ipvs_entry *e = add(&t, svc(AF_INET6, IPPROTO_TCP, "2001:db8::1", 80, "rr"));
	struct ipvs_dest a = dst(AF_INET, "10.0.1.3", 80, IPVS_FWD_TUN, 1), b = a;
	char name[IPVS_DEST_NAME_LEN];

	add_dest(e, dst(AF_INET6, "2001:db8:1::10", 80, IPVS_FWD_NAT, 1));
	add_dest(e, dst(AF_INET6, "2001:db8:1::9", 80, IPVS_FWD_NAT, 1));
	add_dest(e, dst(AF_INET, "10.0.1.20", 80, IPVS_FWD_TUN, 1));
	add_dest(e, a);
	ck_assert_int_eq(ipvs_table_sort(&t), 0);
	ck_assert_str_eq(ipvs_dest_name(&e->dests[0], name), "10.0.1.3:80");
	ck_assert_str_eq(ipvs_dest_name(&e->dests[1], name), "10.0.1.20:80");
	ck_assert_str_eq(ipvs_dest_name(&e->dests[2], name), "[2001:db8:1::9]:80");
	ck_assert_str_eq(ipvs_dest_name(&e->dests[3], name), "[2001:db8:1::10]:80");
	b.conns.active = 5;	/* counters are observations, not settings */
	ck_assert(ipvs_dest_equal(&a, &b));
	b.tun_flags = IPVS_TUN_F_CSUM;
	ck_assert(!ipvs_dest_equal(&a, &b));
	ipvs_table_free(&t);
}
END_TEST

START_TEST(checks_refuse_impossible_entries)
{
	struct ipvs_service s = svc(AF_INET, IPPROTO_UDP, "10.0.0.1", 51820, "sh");
	struct ipvs_dest d = dst(AF_INET, "10.0.1.2", 51820, IPVS_FWD_DR, 1);

	ck_assert_int_eq(ipvs_service_check(&s), 0);
	s.sched[0] = '\0';
	ck_assert_int_eq(ipvs_service_check(&s), -EINVAL);
	s = svc(AF_INET6, IPPROTO_UDP, "2001:db8::1", 1, "rr");
	s.netmask = 0;
	ck_assert_int_eq(ipvs_service_check(&s), -EINVAL);
	s = fwm(AF_INET, 5, "rr");
	ck_assert_int_eq(ipvs_service_check(&s), 0);
	s.port = 1;
	ck_assert_int_eq(ipvs_service_check(&s), -EINVAL);
	ck_assert_int_eq(ipvs_dest_check(&d), 0);
	d.l_threshold = 10;
	ck_assert_int_eq(ipvs_dest_check(&d), -EINVAL);
	d = dst(AF_INET, "10.0.1.2", 0, IPVS_FWD_TUN, 1);
	d.tun_type = IPVS_TUN_GUE;
	ck_assert_int_eq(ipvs_dest_check(&d), -EINVAL);
	d.tun_port = 6080;
	ck_assert_int_eq(ipvs_dest_check(&d), 0);
}
END_TEST

/* --- planner fixtures ------------------------------------------------------- */

START_TEST(plan_from_empty_adds_in_order)
{
	struct ipvs_table want, have = { 0 };
	struct ipvs_ops ops = { 0 };
	char buf[IPVS_OP_DESC_LEN];
	static const char *const expect[] = {
		"add service TCP 10.0.0.1:80", "add dest 10.0.1.2:80 to TCP 10.0.0.1:80",
		"add service UDP 10.0.0.1:51820", "add dest 10.0.1.2:51820 to UDP 10.0.0.1:51820",
		"add dest 10.0.1.3:51820 to UDP 10.0.0.1:51820", "add service FWM 7 IPv6",
		"add dest [2001:db8::7]:0 to FWM 7 IPv6",
	};

	sample(&want);
	plan_ok(&want, &have, &ipvs_owner_all, &ops);
	ck_assert_uint_eq(ops.n, sizeof(expect) / sizeof(expect[0]));
	for (size_t i = 0; i < ops.n; i++)
		ck_assert_str_eq(ipvs_op_describe(&ops.op[i], buf), expect[i]);
	ck_assert_int_eq(ipvs_table_apply_ops(&have, &ops), 0);
	ck_assert(ipvs_table_equal(&have, &want));
	ipvs_ops_free(&ops);
	ipvs_table_free(&want);
	ipvs_table_free(&have);
}
END_TEST

/* Every setting the kernel edits in place is one edit, never delete+add. */
START_TEST(plan_edits_in_place)
{
	struct ipvs_table want, have;
	struct ipvs_ops ops = { 0 };

	sample(&have);
	for (int field = 0; field < 10; field++) {
		struct ipvs_service *s;
		struct ipvs_dest *d;

		ck_assert_int_eq(ipvs_table_copy(&want, &have), 0);
		s = &want.ent[1].svc;		/* UDP 10.0.0.1:51820 */
		d = &want.ent[1].dests[1];	/* its 10.0.1.3:51820 */
		switch (field) {
		case 0: snprintf(s->sched, sizeof(s->sched), "mh"); break;
		case 1: s->flags ^= IPVS_SVC_F_SCHED1; break;
		case 2: s->timeout = 3600; break;
		case 3: s->netmask = 0xffffff00; break;
		case 4: snprintf(s->pe_name, sizeof(s->pe_name), "sip"); break;
		case 5: d->weight = 0; break;
		case 6: d->fwd = IPVS_FWD_NAT; break;
		case 7: d->u_threshold = 100; d->l_threshold = 10; break;
		case 8: d->fwd = IPVS_FWD_TUN; d->tun_type = IPVS_TUN_GUE; d->tun_port = 6080; break;
		default: d->conns.inactive = 9; break;	/* counters: no op at all */
		}
		plan_ok(&want, &have, &ipvs_owner_all, &ops);
		ck_assert_msg(ops.n == (field < 9), "field %d: %zu ops", field, ops.n);
		if (field < 9)
			ck_assert_int_eq(ops.op[0].kind, field < 5 ? IPVS_OP_EDIT_SVC : IPVS_OP_EDIT_DEST);
		ipvs_table_free(&want);
	}
	ipvs_ops_free(&ops);
	ipvs_table_free(&have);
}
END_TEST

START_TEST(plan_deletes_service_without_dest_deletes)
{
	struct ipvs_table want, have;
	struct ipvs_ops ops = { 0 };
	char buf[IPVS_OP_DESC_LEN];

	sample(&have);
	sample(&want);
	ck_assert_int_eq(ipvs_table_remove(&want, &have.ent[1].svc), 0);
	plan_ok(&want, &have, &ipvs_owner_all, &ops);
	ck_assert_uint_eq(ops.n, 1);
	ck_assert_str_eq(ipvs_op_describe(&ops.op[0], buf), "delete service UDP 10.0.0.1:51820");
	ipvs_ops_free(&ops);
	ipvs_table_free(&want);
	ipvs_table_free(&have);
}
END_TEST

/* keel leaves alone what it did not create. */
START_TEST(plan_respects_ownership)
{
	struct ipvs_table want, have, created;
	struct ipvs_entry *foreign;
	struct ipvs_owner own;
	struct ipvs_ops ops = { 0 };
	char buf[IPVS_OP_DESC_LEN];

	sample(&created);
	sample(&have);
	/* Someone else's service, and someone else's dest in keel's service. */
	foreign = add(&have, svc(AF_INET, IPPROTO_TCP, "192.0.2.1", 22, "rr"));
	add_dest(foreign, dst(AF_INET, "192.0.2.2", 22, IPVS_FWD_NAT, 1));
	add_dest(&have.ent[1], dst(AF_INET, "10.9.9.9", 51820, IPVS_FWD_DR, 1));
	ck_assert_int_eq(ipvs_table_sort(&have), 0);
	/* keel now wants its TCP service gone and one pool member less. */
	sample(&want);
	ck_assert_int_eq(ipvs_table_remove(&want, &created.ent[0].svc), 0);
	ck_assert_int_eq(ipvs_entry_remove(&want.ent[0], &created.ent[1].dests[1]), 0);

	plan_ok(&want, &have, NULL, &ops);
	ck_assert_uint_eq(ops.n, 0);

	ipvs_owner_table(&own, &created);
	plan_ok(&want, &have, &own, &ops);
	ck_assert_uint_eq(ops.n, 2);
	ck_assert_str_eq(ipvs_op_describe(&ops.op[0], buf), "delete service TCP 10.0.0.1:80");
	ck_assert_str_eq(ipvs_op_describe(&ops.op[1], buf),
			 "delete dest 10.0.1.3:51820 from UDP 10.0.0.1:51820");

	plan_ok(&want, &have, &ipvs_owner_all, &ops);	/* flush semantics */
	ck_assert_uint_eq(ops.n, 4);
	ck_assert_uint_eq(ipvs_ops_count(&ops, IPVS_OP_DEL_SVC), 2);
	ck_assert_uint_eq(ipvs_ops_count(&ops, IPVS_OP_DEL_DEST), 2);
	ipvs_ops_free(&ops);
	ipvs_table_free(&want);
	ipvs_table_free(&have);
	ipvs_table_free(&created);
}
END_TEST

START_TEST(plan_refuses_unsorted)
{
	struct ipvs_table a = { 0 }, b = { 0 };
	struct ipvs_ops ops = { 0 };

	add(&a, svc(AF_INET, IPPROTO_UDP, "10.0.0.2", 1, "rr"));
	add(&a, svc(AF_INET, IPPROTO_UDP, "10.0.0.1", 1, "rr"));
	ck_assert_int_eq(ipvs_plan(&a, &b, NULL, &ops), -EINVAL);
	ck_assert_int_eq(ipvs_plan(&b, &a, NULL, &ops), -EINVAL);
	ipvs_table_free(&a);
}
END_TEST

START_TEST(apply_ops_fails_like_the_kernel)
{
	struct ipvs_table t;
	struct ipvs_ops ops = { 0 };
	struct ipvs_service ghost = svc(AF_INET, IPPROTO_UDP, "10.0.0.99", 1, "rr");
	struct ipvs_dest d = dst(AF_INET, "10.0.1.99", 1, IPVS_FWD_DR, 1);

	sample(&t);
	ck_assert_int_eq(ipvs_ops_push(&ops, IPVS_OP_ADD_SVC, &t.ent[0].svc, NULL), 0);
	ck_assert_int_eq(ipvs_table_apply_ops(&t, &ops), -EEXIST);
	ops.n = 0;
	ck_assert_int_eq(ipvs_ops_push(&ops, IPVS_OP_EDIT_SVC, &ghost, NULL), 0);
	ck_assert_int_eq(ipvs_table_apply_ops(&t, &ops), -ESRCH);
	ops.n = 0;
	ck_assert_int_eq(ipvs_ops_push(&ops, IPVS_OP_ADD_DEST, &ghost, &d), 0);
	ck_assert_int_eq(ipvs_table_apply_ops(&t, &ops), -ESRCH);
	ops.n = 0;
	ck_assert_int_eq(ipvs_ops_push(&ops, IPVS_OP_EDIT_DEST, &t.ent[0].svc, &d), 0);
	ck_assert_int_eq(ipvs_table_apply_ops(&t, &ops), -ENOENT);
	ops.n = 0;
	ck_assert_int_eq(ipvs_ops_push(&ops, IPVS_OP_DEL_DEST, &t.ent[0].svc, &d), 0);
	ck_assert_int_eq(ipvs_table_apply_ops(&t, &ops), -ENOENT);
	ipvs_ops_free(&ops);
	ipvs_table_free(&t);
}
END_TEST

START_TEST(op_descriptions_name_objects)
{
	struct ipvs_op op = { .kind = IPVS_OP_EDIT_DEST,
			      .svc = svc(AF_INET6, IPPROTO_UDP, "2001:db8::1", 51820, "sh"),
			      .dest = dst(AF_INET6, "2001:db8::2", 51820, IPVS_FWD_DR, 1) };
	char buf[IPVS_OP_DESC_LEN];

	ck_assert_str_eq(ipvs_op_describe(&op, buf),
			 "edit dest [2001:db8::2]:51820 in UDP [2001:db8::1]:51820");
	op.kind = IPVS_OP_DEL_DEST;
	ck_assert_str_eq(ipvs_op_describe(&op, buf),
			 "delete dest [2001:db8::2]:51820 from UDP [2001:db8::1]:51820");
	op.kind = IPVS_OP_EDIT_SVC;
	op.svc = fwm(AF_INET, 5, "rr");
	ck_assert_str_eq(ipvs_op_describe(&op, buf), "edit service FWM 5");
}
END_TEST

/* --- the ipvsadm-style listing ------------------------------------------- */

/* Expected text is what ipvsadm 1.31 printed for the same state in the lab. */
static const char ipvsadm_ln[] =
	"IP Virtual Server version 1.2.1 (size=4096)\n"
	"Prot LocalAddress:Port Scheduler Flags\n"
	"  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
	"TCP  10.0.0.1:80 rr\n"
	"  -> 10.0.1.2:80                  Route   3      0          0         \n"
	"  -> 10.0.1.3:8080                Masq    0      0          0         \n"
	"  -> 10.0.1.4:80                  Tunnel  1      0          0         \n"
	"UDP  10.0.0.1:51820 sh (sh-fallback,sh-port) persistent 300 mask 255.255.255.0\n"
	"  -> 127.0.0.1:51820              Route   1      0          0         \n"
	"UDP  10.0.0.3:5060 rr persistent 100 pe sip\n"
	"UDP  11.0.0.3:80 sh (sh-fallback) persistent 30 mask 255.255.255.0 pe sip ops\n"
	"SCTP 10.0.0.2:9 wlc (flag-1,flag-2,flag-3)\n"
	"TCP  [2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff]:65535 rr\n"
	"  -> [2001:db8:aaaa:bbbb:cccc:dddd:eeee:fff1]:65535 Route   1      0          0         \n"
	"UDP  [2001:db8::1]:51820 mh (mh-fallback,mh-port) persistent 60 mask 64\n"
	"  -> [2001:db8:1::2]:51820        Route   65535  0          0         \n"
	"FWM  5 wrr persistent 360\n"
	"  -> 10.0.1.2:0                   Route   2      0          0         \n"
	"FWM  6 IPv6 lc ops\n"
	"  -> [2001:db8:1::3]:0            Masq    2      0          0         \n";

static void listing_table(struct ipvs_table *t)
{
	struct ipvs_entry *e;
	struct ipvs_dest g;

	*t = (struct ipvs_table){ 0 };
	e = add(t, svc(AF_INET, IPPROTO_TCP, "10.0.0.1", 80, "rr"));
	add_dest(e, dst(AF_INET, "10.0.1.2", 80, IPVS_FWD_DR, 3));
	e->dests[0].u_threshold = 100;
	e->dests[0].l_threshold = 10;
	add_dest(e, dst(AF_INET, "10.0.1.3", 8080, IPVS_FWD_NAT, 0));
	g = dst(AF_INET, "10.0.1.4", 80, IPVS_FWD_TUN, 1);
	g.tun_type = IPVS_TUN_GUE;
	g.tun_port = 6080;
	add_dest(e, g);
	e = add(t, svc(AF_INET, IPPROTO_UDP, "10.0.0.1", 51820, "sh"));
	e->svc.flags = IPVS_SVC_F_PERSISTENT | IPVS_SVC_F_SH_FALLBACK | IPVS_SVC_F_SH_PORT;
	e->svc.timeout = 300;
	e->svc.netmask = 0xffffff00;
	add_dest(e, dst(AF_INET, "127.0.0.1", 51820, IPVS_FWD_DR, 1));
	e = add(t, svc(AF_INET, IPPROTO_UDP, "10.0.0.3", 5060, "rr"));
	e->svc.flags = IPVS_SVC_F_PERSISTENT;
	e->svc.timeout = 100;
	snprintf(e->svc.pe_name, sizeof(e->svc.pe_name), "sip");
	e = add(t, svc(AF_INET, IPPROTO_UDP, "11.0.0.3", 80, "sh"));
	e->svc = (struct ipvs_service){ .af = AF_INET, .protocol = IPPROTO_UDP, .port = 80,
		.addr = ip(AF_INET, "11.0.0.3"), .sched = "sh", .pe_name = "sip", .timeout = 30,
		.flags = IPVS_SVC_F_PERSISTENT | IPVS_SVC_F_SCHED1 | IPVS_SVC_F_SCHED3 |
			 IPVS_SVC_F_ONEPACKET, .netmask = 0xffffff00 };
	e = add(t, svc(AF_INET, IPPROTO_SCTP, "10.0.0.2", 9, "wlc"));
	e->svc.flags = IPVS_SVC_F_SCHED1 | IPVS_SVC_F_SCHED2 | IPVS_SVC_F_SCHED3;
	e = add(t, svc(AF_INET6, IPPROTO_TCP, "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", 65535, "rr"));
	add_dest(e, dst(AF_INET6, "2001:db8:aaaa:bbbb:cccc:dddd:eeee:fff1", 65535, IPVS_FWD_DR, 1));
	e = add(t, svc(AF_INET6, IPPROTO_UDP, "2001:db8::1", 51820, "mh"));
	e->svc.flags = IPVS_SVC_F_PERSISTENT | IPVS_SVC_F_MH_FALLBACK | IPVS_SVC_F_MH_PORT;
	e->svc.timeout = 60;
	e->svc.netmask = 64;
	add_dest(e, dst(AF_INET6, "2001:db8:1::2", 51820, IPVS_FWD_DR, 65535));
	e = add(t, fwm(AF_INET, 5, "wrr"));
	e->svc.flags = IPVS_SVC_F_PERSISTENT;
	e->svc.timeout = 360;
	add_dest(e, dst(AF_INET, "10.0.1.2", 0, IPVS_FWD_DR, 2));
	e = add(t, fwm(AF_INET6, 6, "lc"));
	e->svc.flags = IPVS_SVC_F_ONEPACKET;
	add_dest(e, dst(AF_INET6, "2001:db8:1::3", 0, IPVS_FWD_NAT, 2));
	ck_assert_int_eq(ipvs_table_sort(t), 0);
}

START_TEST(listing_matches_ipvsadm)
{
	struct ipvs_table t;
	struct ipvs_info info = { .version = 0x010201, .conn_tab_size = 4096 };
	char *text;

	listing_table(&t);
	text = ipvs_fmt_table_str(&t, &info, IPVS_FMT_DEFAULT);
	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text, ipvsadm_ln);
	free(text);
	ipvs_table_free(&t);
}
END_TEST

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; (p = strstr(p, line)); p += n)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

START_TEST(listing_columns_match_ipvsadm)
{
	struct ipvs_table t;
	char *tun, *thr;

	listing_table(&t);
	tun = ipvs_fmt_table_str(&t, NULL, IPVS_FMT_TUN_INFO);
	thr = ipvs_fmt_table_str(&t, NULL, IPVS_FMT_THRESHOLDS);
	ck_assert(has_line(tun, "  -> RemoteAddress:Port           Forward TunnelInfo    Weight "
				"ActiveConn InActConn"));
	ck_assert(has_line(tun, "  -> 10.0.1.4:80                  Tunnel  gue:6080:-c   1      "
				"0          0         "));
	ck_assert(has_line(tun, "  -> 10.0.1.2:80                  Route   n/a           3      "
				"0          0         "));
	ck_assert(has_line(thr, "Prot LocalAddress:Port            Uthreshold Lthreshold "
				"ActiveConn InActConn "));
	ck_assert(has_line(thr, "  -> 10.0.1.2:80                  100        10         "
				"0          0         "));
	ck_assert(!has_line(tun, "IP Virtual Server version 1.2.1 (size=4096)"));
	free(tun);
	free(thr);
	ipvs_table_free(&t);
}
END_TEST

START_TEST(timeouts_and_daemons_match_ipvsadm)
{
	struct ipvs_timeouts to = { 900, 120, 300 };
	struct ipvs_daemon m = { .state = IPVS_DAEMON_MASTER, .ifname = "d0", .syncid = 7,
				 .maxlen = 1472, .group_af = AF_INET, .port = 8848, .ttl = 1 };
	struct ipvs_daemon b = { .state = IPVS_DAEMON_BACKUP, .ifname = "d0", .syncid = 0,
				 .maxlen = 1452, .group_af = AF_INET6, .port = 8848, .ttl = 1 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	m.group = ip(AF_INET, "224.0.0.81");
	b.group = ip(AF_INET6, "ff02::88");
	ck_assert_int_eq(ipvs_fmt_timeouts(f, &to), 0);
	ck_assert_int_eq(ipvs_fmt_daemon(f, &m), 0);
	ck_assert_int_eq(ipvs_fmt_daemon(f, &b), 0);
	fclose(f);
	ck_assert_str_eq(text, "Timeout (tcp tcpfin udp): 900 120 300\n"
		"master sync daemon (mcast=d0, syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n"
		"backup sync daemon (mcast=d0, syncid=0, maxlen=1452, group=ff02::88, port=8848, ttl=1)\n");
	free(text);
}
END_TEST

/* --- properties over pseudo-random tables ---------------------------------- */

#define PROP_SEEDS 400

/* xorshift64*: small and the same on every machine. */
static uint64_t rnd_next(uint64_t *r)
{
	*r ^= *r >> 12;
	*r ^= *r << 25;
	*r ^= *r >> 27;
	return *r * 2685821657736338717ull;
}

static unsigned rnd(uint64_t *r, unsigned n)
{
	return (unsigned)(rnd_next(r) % n);
}

/* 16 service keys: IPv4 UDP, TCP and SCTP, IPv6 UDP, firewall marks. */
#define NSVC_KEYS 16
static struct ipvs_service key_svc(unsigned k)
{
	char a[64];

	if (k < 4) {
		snprintf(a, sizeof(a), "10.0.0.%u", k + 1);
		return svc(AF_INET, IPPROTO_UDP, a, 51820, "rr");
	}
	if (k < 8)
		return svc(AF_INET, IPPROTO_TCP, "10.0.0.1", (uint16_t)(76 + k), "rr");
	if (k < 10)
		return svc(AF_INET, IPPROTO_SCTP, "10.0.0.9", (uint16_t)k, "rr");
	if (k < 13) {
		snprintf(a, sizeof(a), "2001:db8::%u", k);
		return svc(AF_INET6, IPPROTO_UDP, a, 51820, "rr");
	}
	return fwm(k % 2 ? AF_INET : AF_INET6, k, "rr");
}

/* 12 dest keys: IPv4 on two ports, IPv6. */
#define NDEST_KEYS 12
static struct ipvs_dest key_dest(unsigned j)
{
	char a[64];

	if (j < 8) {
		snprintf(a, sizeof(a), "10.0.1.%u", j % 4 + 2);
		return dst(AF_INET, a, j < 4 ? 51820 : 0, IPVS_FWD_DR, 1);
	}
	snprintf(a, sizeof(a), "2001:db8:1::%u", j);
	return dst(AF_INET6, a, 51820, IPVS_FWD_DR, 1);
}

static void rand_svc_settings(struct ipvs_service *s, uint64_t *r)
{
	static const char *const sched[] = { "rr", "wrr", "sh", "mh", "wlc" };

	snprintf(s->sched, sizeof(s->sched), "%s", sched[rnd(r, 5)]);
	snprintf(s->pe_name, sizeof(s->pe_name), "%s", rnd(r, 4) ? "" : "sip");
	s->flags = rnd(r, 64) & IPVS_SVC_F_CONFIG;
	s->timeout = rnd(r, 2) ? 300 : 0;
	s->netmask = rnd(r, 2) ? ipvs_netmask_full(s->af) : s->af == AF_INET6 ? 64 : 0xffffff00;
}

static void rand_dest_settings(struct ipvs_dest *d, uint64_t *r)
{
	static const uint8_t fwd[] = { IPVS_FWD_DR, IPVS_FWD_NAT, IPVS_FWD_TUN };

	d->fwd = fwd[rnd(r, 3)];
	d->tun_type = d->tun_port = d->tun_flags = 0;
	if (d->fwd == IPVS_FWD_TUN) {
		d->tun_type = rnd(r, 3);
		d->tun_port = d->tun_type == IPVS_TUN_GUE ? 6080 : 0;
		d->tun_flags = rnd(r, 3);
	}
	d->weight = (int)rnd(r, 4);
	d->u_threshold = rnd(r, 2) ? 100 : 0;
	d->l_threshold = d->u_threshold ? 10 : 0;
}

static void add_rand_service(struct ipvs_table *t, unsigned k, uint64_t *r)
{
	struct ipvs_entry *e = add(t, key_svc(k));

	rand_svc_settings(&e->svc, r);
	for (unsigned j = 0; j < NDEST_KEYS; j++) {
		struct ipvs_dest d = key_dest(j);

		if (rnd(r, 3))
			continue;
		rand_dest_settings(&d, r);
		add_dest(e, d);
	}
}

static void gen_table(struct ipvs_table *t, uint64_t *r)
{
	*t = (struct ipvs_table){ 0 };
	for (unsigned k = 0; k < NSVC_KEYS; k++)
		if (rnd(r, 2))
			add_rand_service(t, k, r);
	REQUIRE_OK(ipvs_table_sort(t));
}

/* The dests of a kept service: most stay, some change, go, or arrive. */
static void relate_dests(struct ipvs_entry *to, const struct ipvs_entry *from, uint64_t *r)
{
	for (unsigned j = 0; j < NDEST_KEYS; j++) {
		struct ipvs_dest key = key_dest(j), *d = ipvs_entry_find(from, &key);
		unsigned c = rnd(r, 10);

		if (d && c == 0)
			continue;
		if (!d && c > 0)
			continue;
		if (!d)
			d = &key;
		key = *d;
		if (c < 3)
			rand_dest_settings(&key, r);
		add_dest(to, key);
	}
}

/* A table that shares most of a's entries, as successive desired states do. */
static void gen_related(struct ipvs_table *b, const struct ipvs_table *a, uint64_t *r)
{
	*b = (struct ipvs_table){ 0 };
	for (unsigned k = 0; k < NSVC_KEYS; k++) {
		struct ipvs_service key = key_svc(k);
		const struct ipvs_entry *old = ipvs_table_find(a, &key);
		unsigned c = rnd(r, 10);
		struct ipvs_entry *e;

		if (!old) {
			if (c < 3)
				add_rand_service(b, k, r);
			continue;
		}
		if (c == 0)
			continue;
		e = add(b, old->svc);
		if (c < 3)
			rand_svc_settings(&e->svc, r);
		relate_dests(e, old, r);
	}
	REQUIRE_OK(ipvs_table_sort(b));
}

/* The minimal number of operations, counted by lookups instead of a merge. */
static size_t ops_needed(const struct ipvs_table *a, const struct ipvs_table *b)
{
	size_t n = 0;

	for (size_t i = 0; i < b->n; i++) {
		const struct ipvs_entry *eb = &b->ent[i], *ea = ipvs_table_find(a, &eb->svc);

		if (!ea) {
			n += 1 + eb->ndests;
			continue;
		}
		n += !ipvs_service_equal(&ea->svc, &eb->svc);
		for (size_t j = 0; j < eb->ndests; j++) {
			const struct ipvs_dest *da = ipvs_entry_find(ea, &eb->dests[j]);

			n += !da || !ipvs_dest_equal(da, &eb->dests[j]);
		}
		for (size_t j = 0; j < ea->ndests; j++)
			n += !ipvs_entry_find(eb, &ea->dests[j]);
	}
	for (size_t i = 0; i < a->n; i++)
		n += !ipvs_table_find(b, &a->ent[i].svc);
	return n;
}

/* No key both deleted and added; no dest deleted with its own service. */
static void check_no_churn(const struct ipvs_ops *ops, uint64_t seed)
{
	for (size_t i = 0; i < ops->n; i++) {
		const struct ipvs_op *x = &ops->op[i];

		for (size_t j = 0; j < ops->n; j++) {
			const struct ipvs_op *y = &ops->op[j];
			bool same_svc = ipvs_service_cmp(&x->svc, &y->svc) == 0;

			REQUIRE(!(x->kind == IPVS_OP_DEL_SVC && same_svc &&
					(y->kind == IPVS_OP_ADD_SVC || y->kind == IPVS_OP_DEL_DEST)),
				      "seed %llu: service churn", (unsigned long long)seed);
			REQUIRE(!(x->kind == IPVS_OP_DEL_DEST && y->kind == IPVS_OP_ADD_DEST &&
					same_svc && ipvs_dest_cmp(&x->dest, &y->dest) == 0),
				      "seed %llu: dest churn", (unsigned long long)seed);
		}
	}
}

/* a + plan(a, b) == b, with exactly the needed operations. */
static void check_plan_reaches(const struct ipvs_table *a, const struct ipvs_table *b, uint64_t seed)
{
	struct ipvs_table t;
	struct ipvs_ops ops = { 0 };

	plan_ok(b, a, &ipvs_owner_all, &ops);
	REQUIRE(ops.n == ops_needed(a, b), "seed %llu: %zu ops, %zu needed",
		      (unsigned long long)seed, ops.n, ops_needed(a, b));
	check_no_churn(&ops, seed);
	REQUIRE_OK(ipvs_table_copy(&t, a));
	REQUIRE_OK(ipvs_table_apply_ops(&t, &ops));
	REQUIRE(ipvs_table_equal(&t, b), "seed %llu: plan does not reach b",
		      (unsigned long long)seed);
	plan_ok(a, a, &ipvs_owner_all, &ops);
	REQUIRE(ops.n == 0, "seed %llu: plan(a, a) not empty", (unsigned long long)seed);
	ipvs_ops_free(&ops);
	ipvs_table_free(&t);
}

/* Owning nothing: b is reached, and everything else of a survives intact. */
static void check_plan_keeps_foreign(const struct ipvs_table *a, const struct ipvs_table *b,
				     uint64_t seed)
{
	struct ipvs_table t, u;
	struct ipvs_ops ops = { 0 };

	REQUIRE_OK(ipvs_table_copy(&u, b));
	for (size_t i = 0; i < a->n; i++) {
		const struct ipvs_entry *ea = &a->ent[i];
		struct ipvs_entry *eu = ipvs_table_find(&u, &ea->svc);

		if (!eu) {
			REQUIRE_OK(ipvs_table_insert(&u, &ea->svc, &eu));
			eu->svc = ea->svc;
		}
		for (size_t j = 0; j < ea->ndests; j++)
			if (!ipvs_entry_find(eu, &ea->dests[j]))
				REQUIRE_OK(ipvs_entry_insert(eu, &ea->dests[j]));
	}
	plan_ok(b, a, NULL, &ops);
	REQUIRE(ipvs_ops_count(&ops, IPVS_OP_DEL_SVC) + ipvs_ops_count(&ops, IPVS_OP_DEL_DEST) == 0,
		"seed %llu: deletes without ownership", (unsigned long long)seed);
	REQUIRE_OK(ipvs_table_copy(&t, a));
	REQUIRE_OK(ipvs_table_apply_ops(&t, &ops));
	REQUIRE(ipvs_table_equal(&t, &u), "seed %llu: foreign entries touched",
		      (unsigned long long)seed);
	ipvs_ops_free(&ops);
	ipvs_table_free(&t);
	ipvs_table_free(&u);
}

/* One changed weight is one edit-dest; one changed scheduler one edit-service. */
static void check_single_changes(const struct ipvs_table *a, uint64_t *r, uint64_t seed)
{
	struct ipvs_table b;
	struct ipvs_ops ops = { 0 };
	struct ipvs_entry *e;

	if (a->n == 0)
		return;
	REQUIRE_OK(ipvs_table_copy(&b, a));
	e = &b.ent[rnd(r, (unsigned)b.n)];
	snprintf(e->svc.sched, sizeof(e->svc.sched), "%s", strcmp(e->svc.sched, "sh") ? "sh" : "mh");
	plan_ok(&b, a, &ipvs_owner_all, &ops);
	REQUIRE(ops.n == 1 && ops.op[0].kind == IPVS_OP_EDIT_SVC,
		      "seed %llu: scheduler change gave %zu ops", (unsigned long long)seed, ops.n);
	e->svc = ipvs_table_find(a, &e->svc)->svc;
	if (e->ndests) {
		e->dests[rnd(r, (unsigned)e->ndests)].weight += 7;
		plan_ok(&b, a, &ipvs_owner_all, &ops);
		REQUIRE(ops.n == 1 && ops.op[0].kind == IPVS_OP_EDIT_DEST,
			      "seed %llu: weight change gave %zu ops", (unsigned long long)seed, ops.n);
	}
	ipvs_ops_free(&ops);
	ipvs_table_free(&b);
}

/* Shuffled and sorted again, a table is the same table. */
static void check_sort_canonical(const struct ipvs_table *a, uint64_t *r)
{
	struct ipvs_table t;

	REQUIRE_OK(ipvs_table_copy(&t, a));
	for (size_t i = t.n; i > 1; i--) {
		size_t j = rnd(r, (unsigned)i);
		struct ipvs_entry x = t.ent[i - 1];

		t.ent[i - 1] = t.ent[j];
		t.ent[j] = x;
	}
	for (size_t i = 0; i < t.n; i++)
		for (size_t k = t.ent[i].ndests; k > 1; k--) {
			size_t j = rnd(r, (unsigned)k);
			struct ipvs_dest x = t.ent[i].dests[k - 1];

			t.ent[i].dests[k - 1] = t.ent[i].dests[j];
			t.ent[i].dests[j] = x;
		}
	REQUIRE_OK(ipvs_table_sort(&t));
	REQUIRE(ipvs_table_equal(&t, a), "sort is not canonical");
	ipvs_table_free(&t);
}

START_TEST(prop_random_tables)
{
	for (uint64_t seed = 1; seed <= PROP_SEEDS; seed++) {
		uint64_t r = seed * 0x9e3779b97f4a7c15ull;
		struct ipvs_table a, b, c;

		gen_table(&a, &r);
		gen_related(&b, &a, &r);	/* successive states */
		gen_table(&c, &r);		/* unrelated states */
		check_plan_reaches(&a, &b, seed);
		check_plan_reaches(&b, &a, seed);
		check_plan_reaches(&a, &c, seed);
		check_plan_keeps_foreign(&a, &b, seed);
		check_plan_keeps_foreign(&c, &a, seed);
		check_single_changes(&a, &r, seed);
		check_sort_canonical(&b, &r);
		ipvs_table_free(&a);
		ipvs_table_free(&b);
		ipvs_table_free(&c);
	}
}
END_TEST

/* Big tables stay fast: the merge is linear. */
START_TEST(prop_large_table)
{
	struct ipvs_table a = { 0 }, b;
	struct ipvs_ops ops = { 0 };

	for (unsigned k = 0; k < 4000; k++) {
		struct ipvs_service s = fwm(AF_INET, k + 1, "sh");
		struct ipvs_entry *e = add(&a, s);

		for (unsigned j = 0; j < 5; j++)
			add_dest(e, key_dest(j));
	}
	REQUIRE_OK(ipvs_table_sort(&a));
	REQUIRE_OK(ipvs_table_copy(&b, &a));
	b.ent[1234].dests[2].weight = 9;
	plan_ok(&b, &a, &ipvs_owner_all, &ops);
	ck_assert_uint_eq(ops.n, 1);
	ipvs_ops_free(&ops);
	ipvs_table_free(&a);
	ipvs_table_free(&b);
}
END_TEST

static TCase *ipvs_plan_property_tcase(void)
{
	TCase *tc = tcase_create("properties");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, prop_random_tables);
	tcase_add_test(tc, prop_large_table);
	return tc;
}

Suite *ipvs_plan_suite(void)
{
	Suite *s = suite_create("ipvs_plan");
	TCase *tc = tcase_create("fixtures");

	tcase_add_test(tc, canonical_order);
	tcase_add_test(tc, dest_order_and_equality);
	tcase_add_test(tc, checks_refuse_impossible_entries);
	tcase_add_test(tc, plan_from_empty_adds_in_order);
	tcase_add_test(tc, plan_edits_in_place);
	tcase_add_test(tc, plan_deletes_service_without_dest_deletes);
	tcase_add_test(tc, plan_respects_ownership);
	tcase_add_test(tc, plan_refuses_unsorted);
	tcase_add_test(tc, apply_ops_fails_like_the_kernel);
	tcase_add_test(tc, op_descriptions_name_objects);
	tcase_add_test(tc, listing_matches_ipvsadm);
	tcase_add_test(tc, listing_columns_match_ipvsadm);
	tcase_add_test(tc, timeouts_and_daemons_match_ipvsadm);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, ipvs_plan_property_tcase());
	return s;
}
