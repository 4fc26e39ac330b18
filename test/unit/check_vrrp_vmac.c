// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>
#include <sys/socket.h>

#include "suites.h"
#include "vrrp_vmac.h"

START_TEST(default_name_and_mac)
{
	struct cfg_vrrp c = { .ifname = "eth0", .vrid = 51, .use_vmac = true };
	static const uint8_t v4[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 51 };
	static const uint8_t v6[6] = { 0x00, 0x00, 0x5e, 0x00, 0x02, 51 };
	struct vrrp_vmac v;

	vrrp_vmac_plan(&c, NULL, AF_INET, &v);
	ck_assert_str_eq(v.name, "vrrp.51");
	ck_assert_str_eq(v.base, "eth0");
	ck_assert_mem_eq(v.mac, v4, 6);
	ck_assert_int_eq(v.base_arp_ignore, -1);
	vrrp_vmac_plan(&c, NULL, AF_INET6, &v);
	ck_assert_str_eq(v.name, "vrrp6.51");
	ck_assert_mem_eq(v.mac, v6, 6);
}
END_TEST

START_TEST(given_name)
{
	struct cfg_vrrp c = { .ifname = "lan", .vrid = 255, .use_vmac = true, .vmac_name = "vmac-wg" };
	struct vrrp_vmac v;

	vrrp_vmac_plan(&c, NULL, AF_INET, &v);
	ck_assert_str_eq(v.name, "vmac-wg");
	ck_assert_uint_eq(v.mac[5], 255);
}
END_TEST

Suite *vrrp_vmac_suite(void)
{
	Suite *s = suite_create("vrrp_vmac");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, default_name_and_mac);
	tcase_add_test(tc, given_name);
	suite_add_tcase(s, tc);
	return s;
}
