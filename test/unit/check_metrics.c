// SPDX-License-Identifier: GPL-2.0-or-later
/* keelctl metrics: Prometheus' text format from a snapshot, VRRP views
 * and the real servers' health, labels escaped. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "metrics.h"
#include "suites.h"
#include "unit_cfg.h"

static bool second_down(void *arg, size_t v, size_t r, struct rs_health *h)
{
	h->alive = r != 1;
	h->weight = 5;
	return true;
}

static bool first_drained(void *arg, const struct cfg_rs *rs)
{
	return rs->port == 80;
}

static void has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; (p = strstr(p, line)); p += n)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return;
	ck_abort_msg("no line '%s' in:\n%s", line, text);
}

START_TEST(renders_every_part)
{
	struct config *c = unit_cfg_load("virtual_server 10.0.0.100 80 {\n protocol TCP\n"
					 " real_server 10.0.0.2 80 { }\n real_server 10.0.0.3 81 { }\n}\n");
	struct reload_result last = { .ok = true };
	struct ipvs_sync_stats ipvs = { .kernel_ok = true, .services = 1, .dests = 2, .ops_sent = 7 };
	struct status_snapshot s = { .version = "0.1.0", .uptime_s = 42, .reloads = 3, .last = &last,
				     .ipvs = &ipvs };
	struct vrrp_inst_view v = { .name = "VI \"1\"", .ifname = "eth0", .vrid = 51,
				    .state = VRRP_STATE_MASTER, .priority = 150, .rx_ok = 9, .tx = 11 };
	struct ipvs_health h = { .rs = second_down, .drained = first_drained };
	struct metrics_in in = { .status = &s, .vrrp = &v, .nvrrp = 1, .cfg = c, .health = &h };
	char *text = metrics_text(&in);

	ck_assert_ptr_nonnull(text);
	has_line(text, "# TYPE keel_reloads_total counter");
	has_line(text, "keel_info{version=\"0.1.0\"} 1");
	has_line(text, "keel_uptime_seconds 42");
	has_line(text, "keel_reloads_total 3");
	has_line(text, "keel_config_last_load_ok 1");
	has_line(text, "keel_ipvs_operations_total 7");
	has_line(text, "keel_vrrp_state{instance=\"VI \\\"1\\\"\",interface=\"eth0\",vrid=\"51\"} 2");
	has_line(text, "keel_vrrp_master{instance=\"VI \\\"1\\\"\",interface=\"eth0\",vrid=\"51\"} 1");
	has_line(text, "keel_vrrp_adverts_sent_total{instance=\"VI \\\"1\\\"\",interface=\"eth0\",vrid=\"51\"} 11");
	/* one server drained, the other down: no live weight, no quorum */
	has_line(text, "keel_virtual_server_quorum{virtual_server=\"TCP 10.0.0.100:80\"} 0");
	has_line(text, "keel_real_server_up{virtual_server=\"TCP 10.0.0.100:80\",real_server=\"10.0.0.2:80\"} 1");
	has_line(text, "keel_real_server_up{virtual_server=\"TCP 10.0.0.100:80\",real_server=\"10.0.0.3:81\"} 0");
	has_line(text, "keel_real_server_weight{virtual_server=\"TCP 10.0.0.100:80\",real_server=\"10.0.0.2:80\"} 5");
	has_line(text, "keel_real_server_weight{virtual_server=\"TCP 10.0.0.100:80\",real_server=\"10.0.0.3:81\"} 0");
	has_line(text, "keel_real_server_drained{virtual_server=\"TCP 10.0.0.100:80\",real_server=\"10.0.0.2:80\"} 1");
	has_line(text, "keel_real_server_drained{virtual_server=\"TCP 10.0.0.100:80\",real_server=\"10.0.0.3:81\"} 0");
	free(text);

	/* -P: no IPVS part at all */
	s.ipvs = NULL;
	in.cfg = NULL;
	text = metrics_text(&in);
	ck_assert_ptr_null(strstr(text, "keel_ipvs_"));
	ck_assert_ptr_null(strstr(text, "keel_real_server_"));
	free(text);
	cfg_free(c);
}
END_TEST

Suite *metrics_suite(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = tcase_create("metrics");

	tcase_add_test(tc, renders_every_part);
	suite_add_tcase(s, tc);
	return s;
}
