// SPDX-License-Identifier: GPL-2.0-or-later
/* promote_secondaries: held per interface, the value found put back by
 * the last release; on files in a directory standing for /proc/sys. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suites.h"
#include "vrrp_promote.h"

static char root[64];

static void put(const char *ifname, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, ifname);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s/promote_secondaries", root, ifname);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static int get(const char *ifname)
{
	char path[128];
	FILE *f;
	int v = -1;

	snprintf(path, sizeof(path), "%s/%s/promote_secondaries", root, ifname);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%d", &v), 1);
	fclose(f);
	return v;
}

static void setup(void)
{
	snprintf(root, sizeof(root), "/tmp/keel-promote-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	vrrp_promote_root = root;
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	ck_assert_int_eq(system(cmd), 0);
	vrrp_promote_root = "/proc/sys/net/ipv4/conf";
}

/* two instances on eth0, one on eth1 that had it on already */
START_TEST(held_and_put_back)
{
	struct vrrp_promote *set = NULL;

	put("eth0", "0\n");
	put("eth1", "1\n");
	ck_assert_int_eq(vrrp_promote_hold(&set, "eth0"), 0);
	ck_assert_int_eq(get("eth0"), 1);
	ck_assert_int_eq(vrrp_promote_hold(&set, "eth0"), 0);
	ck_assert_int_eq(vrrp_promote_hold(&set, "eth1"), 0);
	vrrp_promote_release(&set, "eth0");
	ck_assert_int_eq(get("eth0"), 1);	/* one instance still asks */
	vrrp_promote_release(&set, "eth0");
	ck_assert_int_eq(get("eth0"), 0);
	vrrp_promote_release(&set, "eth1");
	ck_assert_int_eq(get("eth1"), 1);	/* found on: left on */
	ck_assert_ptr_null(set);
	/* no such interface: nothing held, nothing to release */
	ck_assert_int_eq(vrrp_promote_hold(&set, "eth9"), -1);
	ck_assert_ptr_null(set);
	vrrp_promote_release(&set, "eth9");
}
END_TEST

Suite *vrrp_promote_suite(void)
{
	Suite *s = suite_create("vrrp_promote");
	TCase *tc = tcase_create("sysctl");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, held_and_put_back);
	suite_add_tcase(s, tc);
	return s;
}
