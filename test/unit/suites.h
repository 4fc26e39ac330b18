// SPDX-License-Identifier: GPL-2.0-or-later
/* Every unit suite, one per module; check_main.c runs them all. */
#ifndef KEEL_TEST_SUITES_H
#define KEEL_TEST_SUITES_H

#include <check.h>

Suite *cfg_reader_suite(void);
Suite *cfg_parse_suite(void);
Suite *cfg_parts_suite(void);
Suite *cfg_inputs_suite(void);
Suite *ipvs_desired_suite(void);
Suite *ipvs_syncd_suite(void);
Suite *ipvs_sweep_suite(void);
Suite *ipvs_proc_suite(void);
Suite *json_suite(void);
Suite *ev_thread_suite(void);
Suite *drains_suite(void);
Suite *metrics_suite(void);
Suite *opts_suite(void);
Suite *sdnotify_suite(void);
Suite *status_suite(void);
Suite *ipvs_plan_suite(void);
Suite *nl_ipvs_suite(void);
Suite *wg_noise_suite(void);
Suite *chk_wg_suite(void);
Suite *chk_funnel_suite(void);
Suite *chk_http_resp_suite(void);
Suite *chk_http_suite(void);
Suite *chk_tls_suite(void);
Suite *chk_syn_suite(void);
Suite *chk_kinds_suite(void);
Suite *dns_msg_suite(void);
Suite *vrrp_pkt_suite(void);
Suite *bfd_pkt_suite(void);
Suite *bfd_fsm_suite(void);
Suite *cfg_bfd_suite(void);
Suite *vrrp_fsm_suite(void);
Suite *vrrp_vmac_suite(void);
Suite *vrrp_kw_suite(void);
Suite *cfg_strict_suite(void);
Suite *vrrp_accept_suite(void);
Suite *vrrp_prio_suite(void);
Suite *vrrp_routes_suite(void);
Suite *cfg_static_suite(void);
Suite *vrrp_ah_suite(void);
Suite *snmp_mib_suite(void);
Suite *checker_nice_suite(void);
Suite *proc_tune_suite(void);
Suite *netns_suite(void);
Suite *ctl_server_suite(void);
Suite *vrrp_procs_suite(void);
Suite *vrrp_pace_suite(void);
Suite *vrrp_promote_suite(void);
Suite *life_script_suite(void);
Suite *chk_http_regex_suite(void);
Suite *smtp_suite(void);

#endif
