// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "suites.h"

int main(void)
{
	Suite *(*const suites[])(void) = {
		cfg_reader_suite, cfg_parse_suite, cfg_parts_suite, cfg_inputs_suite, ipvs_desired_suite, json_suite, opts_suite,
		sdnotify_suite, status_suite, ipvs_plan_suite, nl_ipvs_suite, ev_thread_suite, drains_suite,
		metrics_suite, ipvs_syncd_suite, ipvs_sweep_suite, ipvs_proc_suite,
		wg_noise_suite,
		chk_wg_suite,
		chk_funnel_suite,
		chk_http_resp_suite, chk_http_suite, chk_tls_suite, chk_syn_suite,
		chk_kinds_suite, dns_msg_suite,
		vrrp_pkt_suite, vrrp_fsm_suite, vrrp_prio_suite, vrrp_vmac_suite, vrrp_accept_suite, vrrp_routes_suite, cfg_static_suite, vrrp_ah_suite,
		snmp_mib_suite,
		checker_nice_suite,
		proc_tune_suite, netns_suite,
		ctl_server_suite,
		vrrp_procs_suite,
		vrrp_pace_suite,
		vrrp_promote_suite,
		vrrp_kw_suite, cfg_strict_suite,
		life_script_suite,
		chk_http_regex_suite,
		smtp_suite,
		bfd_pkt_suite, bfd_fsm_suite, cfg_bfd_suite,
	};
	SRunner *sr = srunner_create(NULL);
	int failed;

	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		srunner_add_suite(sr, suites[i]());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
