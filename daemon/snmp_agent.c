// SPDX-License-Identifier: GPL-2.0-or-later
/* The AgentX subagent's life and its place in the event loop. net-snmp
 * keeps its sessions, alarms and registrations in process globals: there
 * is one agent per process. The library never blocks here: its sockets are
 * watched by libevent, its timeouts and alarms (AgentX pings, reconnects,
 * cache expiry) by one libevent timer, re-armed after every callback from
 * what snmp_select_info2 asks for. */
#include "config.h"

/* In the module keeld loads (snmp_agent_dl.c), the entry points have
 * names of their own: keeld's snmp_agent_* are the loader's. */
#ifdef KEEL_SNMP_MODULE
#define snmp_agent_new snmp_module_new
#define snmp_agent_reload snmp_module_reload
#define snmp_agent_free snmp_module_free
#define snmp_agent_vrrp_change snmp_module_vrrp_change
#define snmp_agent_server_change snmp_module_server_change
#endif

#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"
#include "snmp_agent.h"
#include "snmp_mib.h"
#include "snmp_mib_rfc2787.h"
#include "snmp_mib_vrrp.h"
#include "snmp_scalars.h"
#include "snmp_notif.h"
#include "snmp_table.h"

#include <net-snmp/library/large_fd_set.h>

#define SNMP_APP "keeld"
#define SNMP_FDS_MAX 8		/* the AgentX session, rarely more */
#define SNMP_WAKE_MAX_S 5	/* re-check at least this often */

struct snmp_fd {
	int fd;
	struct event *ev;
};

struct snmp_agent {
	struct event_base *base;
	struct event *timer;
	struct snmp_fd fds[SNMP_FDS_MAX];
	size_t nfds;
	struct snmp_agent_src src;
	bool force;		/* -x */
	bool running;		/* net-snmp set up */
	char *socket;		/* snmp_socket, or NULL: net-snmp's default */
	struct snmp_table *vs, *rs, *vi, *v3, *v3s, *sg, *sgm, *va, *v3a, *ti, *ts, *tf, *scr, *files;
	struct snmp_table *tp, *procs, *sti, *sts, *stf, *stp;
	struct snmp_table *v2o, *v2a, *v2s;
	bool scalars, v3_scalars, v2_scalars;
	struct snmp_scalar_src v3_src, v2_src;
};

/* KEEPALIVED-MIB::keepalived and VRRPv3-MIB::vrrpv3OperationsEntry */
#define KA_OID 1, 3, 6, 1, 4, 1, 9586, 100, 5
static const oid version_oid[] = { KA_OID, 1, 1 };
static const oid router_id_oid[] = { KA_OID, 1, 2 };
static const oid vs_entry[] = { KA_OID, 3, 3, 1 };
static const oid rs_entry[] = { KA_OID, 3, 4, 1 };
static const oid vi_entry[] = { KA_OID, 2, 3, 1 };
static const oid v3_entry[] = { 1, 3, 6, 1, 2, 1, 207, 1, 1, 1, 1 };
static const oid v3s_entry[] = { 1, 3, 6, 1, 2, 1, 207, 1, 2, 5, 1 };
static const oid v3a_entry[] = { 1, 3, 6, 1, 2, 1, 207, 1, 1, 2, 1 };
static const oid v3_router_oid[] = { 1, 3, 6, 1, 2, 1, 207, 1, 2 };
/* VRRP-MIB (RFC 2787) */
#define V2_OID 1, 3, 6, 1, 2, 1, 68
static const oid v2_node_oid[] = { V2_OID, 1 };		/* vrrpOperations */
static const oid v2_router_oid[] = { V2_OID, 2 };	/* vrrpStatistics */
static const oid v2o_entry[] = { V2_OID, 1, 3, 1 };
static const oid v2a_entry[] = { V2_OID, 1, 4, 1 };
static const oid v2s_entry[] = { V2_OID, 2, 4, 1 };
static const oid sg_entry[] = { KA_OID, 2, 1, 1 };
static const oid sgm_entry[] = { KA_OID, 2, 2, 1 };
static const oid va_entry[] = { KA_OID, 2, 6, 1 };
static const oid ti_entry[] = { KA_OID, 2, 4, 1 };
static const oid ts_entry[] = { KA_OID, 2, 5, 1 };
static const oid scr_entry[] = { KA_OID, 2, 9, 1 };
static const oid tf_entry[] = { KA_OID, 2, 12, 1 };
static const oid file_entry[] = { KA_OID, 2, 13, 1 };
static const oid tp_entry[] = { KA_OID, 2, 20, 1 };
static const oid proc_entry[] = { KA_OID, 2, 21, 1 };
static const oid sti_entry[] = { KA_OID, 2, 14, 1 };
static const oid sts_entry[] = { KA_OID, 2, 15, 1 };
static const oid stf_entry[] = { KA_OID, 2, 16, 1 };
static const oid stp_entry[] = { KA_OID, 2, 22, 1 };
#define OID_LEN(o) (sizeof(o) / sizeof((o)[0]))

static void rearm(struct snmp_agent *a);

/* net-snmp's messages join keeld's log: failures to reach the master
 * are warnings, the rest is detail. */
static int on_log(int major, int minor, void *server, void *client)
{
	const struct snmp_log_message *m = server;
	size_t len = m->msg ? strlen(m->msg) : 0;

	(void)major;
	(void)minor;
	(void)client;
	while (len && m->msg[len - 1] == '\n')
		len--;
	if (m->priority <= LOG_WARNING)
		log_warnx("snmp: %.*s", (int)len, m->msg);
	else
		log_debug("snmp: %.*s", (int)len, m->msg);
	return 0;
}

static void after_io(struct snmp_agent *a)
{
	netsnmp_check_outstanding_agent_requests();
	rearm(a);
}

static void on_read(evutil_socket_t fd, short what, void *arg)
{
	netsnmp_large_fd_set set;

	(void)what;
	netsnmp_large_fd_set_init(&set, (int)fd + 1);
	NETSNMP_LARGE_FD_SET((int)fd, &set);
	snmp_read2(&set);
	netsnmp_large_fd_set_cleanup(&set);
	after_io(arg);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	snmp_timeout();
	run_alarms();
	after_io(arg);
}

static bool watched(const struct snmp_agent *a, int fd)
{
	for (size_t i = 0; i < a->nfds; i++)
		if (a->fds[i].fd == fd)
			return true;
	return false;
}

/* Watches exactly the sockets net-snmp reads now (sessions come and go
 * as the master restarts), and wakes for its next timeout. */
static void rearm(struct snmp_agent *a)
{
	netsnmp_large_fd_set set;
	int numfds = 0, block = 0;
	struct timeval tv = { .tv_sec = SNMP_WAKE_MAX_S };
	size_t kept = 0;

	netsnmp_large_fd_set_init(&set, FD_SETSIZE);
	snmp_select_info2(&numfds, &set, &tv, &block);
	for (size_t i = 0; i < a->nfds; i++) {
		if (a->fds[i].fd < numfds && NETSNMP_LARGE_FD_ISSET(a->fds[i].fd, &set))
			a->fds[kept++] = a->fds[i];
		else
			event_free(a->fds[i].ev);
	}
	a->nfds = kept;
	for (int fd = 0; fd < numfds; fd++) {
		if (!NETSNMP_LARGE_FD_ISSET(fd, &set) || watched(a, fd))
			continue;
		if (a->nfds == SNMP_FDS_MAX) {
			log_warnx("snmp: more than %d sockets to watch", SNMP_FDS_MAX);
			break;
		}
		a->fds[a->nfds].ev = event_new(a->base, fd, EV_READ | EV_PERSIST, on_read, a);
		if (!a->fds[a->nfds].ev || event_add(a->fds[a->nfds].ev, NULL) < 0) {
			log_warnx("snmp: cannot watch socket %d", fd);
			if (a->fds[a->nfds].ev)
				event_free(a->fds[a->nfds].ev);
			continue;
		}
		a->fds[a->nfds++].fd = fd;
	}
	netsnmp_large_fd_set_cleanup(&set);
	if (block || tv.tv_sec > SNMP_WAKE_MAX_S)
		tv = (struct timeval){ .tv_sec = SNMP_WAKE_MAX_S };
	evtimer_add(a->timer, &tv);
}

static const struct config *cfg_of(const struct snmp_agent *a)
{
	return a->src.config(a->src.arg);
}

static void fill_servers(struct snmp_agent *a, struct snmp_rows *vs, struct snmp_rows *rs)
{
	const struct config *cfg = cfg_of(a);
	const struct ipvs_health *h = a->src.health ? a->src.health(a->src.arg) : NULL;

	if (snmp_mib_checker_on(cfg, a->force))
		snmp_mib_servers(cfg, h, vs, rs);
}

static void fill_vs(void *arg, struct snmp_rows *out)
{
	struct snmp_rows rs = { 0 };

	fill_servers(arg, out, &rs);
	snmp_rows_free(&rs);
}

static void fill_rs(void *arg, struct snmp_rows *out)
{
	struct snmp_rows vs = { 0 };

	fill_servers(arg, &vs, out);
	snmp_rows_free(&vs);
}

/* The instances' copies; *n of them, NULL when none or out of memory. */
static struct vrrp_inst_view *views(const struct snmp_agent *a, size_t *n)
{
	size_t cap = a->src.vrrp_views ? a->src.vrrp_views(a->src.arg, NULL, 0) : 0;
	struct vrrp_inst_view *v = cap ? calloc(cap, sizeof(*v)) : NULL;

	*n = 0;
	if (!v)
		return NULL;
	*n = a->src.vrrp_views(a->src.arg, v, cap);
	if (*n > cap)
		*n = cap;	/* one started in between: the next build has it */
	return v;
}

static void fill_vi(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;
	size_t n;
	struct vrrp_inst_view *v;

	if (!snmp_mib_vrrp_on(cfg_of(a), a->force))
		return;
	v = views(a, &n);
	snmp_mib_vrrp(cfg_of(a), v, n, out);
	free(v);
}

static unsigned ifindex_of(const char *ifname)
{
	return if_nametoindex(ifname);
}

typedef void v3_map_fn(const struct vrrp_inst_view *v, size_t n, snmp_ifindex_fn *ifindex,
		       struct snmp_rows *out);

static void fill_rfcv3(struct snmp_agent *a, struct snmp_rows *out, v3_map_fn *map)
{
	size_t n;
	struct vrrp_inst_view *v;

	if (!cfg_of(a)->global.enable_snmp_rfcv3)
		return;
	v = views(a, &n);
	map(v, n, ifindex_of, out);
	free(v);
}

static void fill_v3(void *arg, struct snmp_rows *out)
{
	fill_rfcv3(arg, out, snmp_mib_vrrpv3);
}

static void fill_v3s(void *arg, struct snmp_rows *out)
{
	fill_rfcv3(arg, out, snmp_mib_vrrpv3_stats);
}

typedef void vrrp_map_fn(const struct config *cfg, const struct vrrp_inst_view *v, size_t n,
			 snmp_ifindex_fn *ifindex, struct snmp_rows *out);

/* on: the part is enabled now */
static void fill_vrrp_cfg(struct snmp_agent *a, bool on, struct snmp_rows *out, vrrp_map_fn *map)
{
	size_t n;
	struct vrrp_inst_view *v;

	if (!on)
		return;
	v = views(a, &n);
	map(cfg_of(a), v, n, ifindex_of, out);
	free(v);
}

static void fill_va(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;

	fill_vrrp_cfg(a, snmp_mib_vrrp_on(cfg_of(a), a->force), out, snmp_mib_vrrp_addrs);
}

static void fill_ti(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;

	fill_vrrp_cfg(a, snmp_mib_vrrp_on(cfg_of(a), a->force), out, snmp_mib_tracked_ifs);
}

static void fill_ts(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;

	fill_vrrp_cfg(a, snmp_mib_vrrp_on(cfg_of(a), a->force), out, snmp_mib_tracked_scripts);
}

static void fill_tf(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;

	fill_vrrp_cfg(a, snmp_mib_vrrp_on(cfg_of(a), a->force), out, snmp_mib_tracked_files);
}

static void fill_scr(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;
	const struct config *cfg = cfg_of(a);
	enum vrrp_obj_state *st;

	if (!snmp_mib_vrrp_on(cfg, a->force) || !cfg->nscripts)
		return;
	if (!(st = calloc(cfg->nscripts, sizeof(*st))))
		return;
	if (a->src.scripts)
		a->src.scripts(a->src.arg, cfg, st);
	snmp_mib_scripts(cfg, st, out);
	free(st);
}

static void fill_files(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;

	if (snmp_mib_vrrp_on(cfg_of(a), a->force))
		snmp_mib_files(cfg_of(a), vrrp_track_file_read, out);
}

static void fill_tp(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;

	fill_vrrp_cfg(a, snmp_mib_vrrp_on(cfg_of(a), a->force), out, snmp_mib_tracked_procs);
}

static void fill_procs(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;
	const struct config *cfg = cfg_of(a);
	enum vrrp_obj_state *st;
	size_t *count;

	if (!snmp_mib_vrrp_on(cfg, a->force) || !cfg->ntrack_procs)
		return;
	st = calloc(cfg->ntrack_procs, sizeof(*st));
	count = calloc(cfg->ntrack_procs, sizeof(*count));
	if (st && count) {
		if (a->src.procs)
			a->src.procs(a->src.arg, cfg, count, st);
		snmp_mib_procs(cfg, count, st, out);
	}
	free(st);
	free(count);
}

static void fill_v3a(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;

	fill_vrrp_cfg(a, cfg_of(a)->global.enable_snmp_rfcv3, out, snmp_mib_vrrpv3_addrs);
}

static void fill_groups(struct snmp_agent *a, struct snmp_rows *sg, struct snmp_rows *sgm)
{
	size_t n;
	struct vrrp_inst_view *v;

	if (!snmp_mib_vrrp_on(cfg_of(a), a->force))
		return;
	v = views(a, &n);
	snmp_mib_sync_groups(cfg_of(a), v, n, sg, sgm);
	free(v);
}

static void fill_sg(void *arg, struct snmp_rows *out)
{
	struct snmp_rows sgm = { 0 };

	fill_groups(arg, out, &sgm);
	snmp_rows_free(&sgm);
}

/* The sync groups' tracking lines: the config alone. */
static void fill_sync_tracked(struct snmp_agent *a, struct snmp_rows *out,
			      void (*map)(const struct config *, struct snmp_rows *))
{
	if (snmp_mib_vrrp_on(cfg_of(a), a->force))
		map(cfg_of(a), out);
}

static void fill_sti(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;

	if (snmp_mib_vrrp_on(cfg_of(a), a->force))
		snmp_mib_sync_tracked_ifs(cfg_of(a), ifindex_of, out);
}

static void fill_sts(void *arg, struct snmp_rows *out)
{
	fill_sync_tracked(arg, out, snmp_mib_sync_tracked_scripts);
}

static void fill_stf(void *arg, struct snmp_rows *out)
{
	fill_sync_tracked(arg, out, snmp_mib_sync_tracked_files);
}

static void fill_stp(void *arg, struct snmp_rows *out)
{
	fill_sync_tracked(arg, out, snmp_mib_sync_tracked_procs);
}

static void fill_sgm(void *arg, struct snmp_rows *out)
{
	struct snmp_rows sg = { 0 };

	fill_groups(arg, &sg, out);
	snmp_rows_free(&sg);
}

static int get_string(const struct snmp_agent *a, netsnmp_agent_request_info *ri,
		      netsnmp_request_info *req, const char *s)
{
	const struct config *cfg = cfg_of(a);

	if (ri->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	if (!snmp_mib_vrrp_on(cfg, a->force) && !snmp_mib_checker_on(cfg, a->force))
		netsnmp_set_request_error(ri, req, SNMP_NOSUCHOBJECT);	/* disabled by a reload */
	else
		snmp_set_var_typed_value(req->requestvb, ASN_OCTET_STR, s, strlen(s));
	return SNMP_ERR_NOERROR;
}

static int handle_version(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
			  netsnmp_agent_request_info *ri, netsnmp_request_info *req)
{
	(void)h;
	return get_string(reg->my_reg_void, ri, req, "keel " PACKAGE_VERSION);
}

/* router_id, else the host name as keepalived defaults it */
static const char *router_id(const struct snmp_agent *a, char *host, size_t cap)
{
	const char *id = cfg_of(a)->global.router_id;

	host[0] = '\0';
	if (!id && gethostname(host, cap - 1) == 0)
		host[cap - 1] = '\0';
	return id ? id : host;
}

static int handle_router_id(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
			    netsnmp_agent_request_info *ri, netsnmp_request_info *req)
{
	const struct snmp_agent *a = reg->my_reg_void;
	char host[256];

	(void)h;
	return get_string(a, ri, req, router_id(a, host, sizeof(host)));
}

/* the router's counters, for the scalars of the VRRP MIBs */
static void router_stats(void *arg, struct vrrp_router_stats *out)
{
	const struct snmp_agent *a = arg;

	*out = (struct vrrp_router_stats){ 0 };
	if (a->src.router_stats)
		a->src.router_stats(a->src.arg, out);
}

static bool rfcv3_on(void *arg)
{
	return cfg_of(arg)->global.enable_snmp_rfcv3;
}

static bool rfcv2_on(void *arg)
{
	return cfg_of(arg)->global.enable_snmp_rfcv2;
}

static void register_scalar(const char *name, Netsnmp_Node_Handler *fn, const oid *o, size_t len,
			    struct snmp_agent *a)
{
	netsnmp_handler_registration *reg =
		netsnmp_create_handler_registration(name, fn, o, len, HANDLER_CAN_RONLY);

	if (reg)
		reg->my_reg_void = a;
	if (!reg || netsnmp_register_scalar(reg) != MIB_REGISTERED_OK)
		log_warnx("snmp: cannot register %s", name);
}

static void fill_v2o(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;

	fill_vrrp_cfg(a, rfcv2_on(a), out, snmp_mib_vrrp2_oper);
}

static void fill_v2a(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;

	fill_vrrp_cfg(a, rfcv2_on(a), out, snmp_mib_vrrp2_addrs);
}

static void fill_v2s(void *arg, struct snmp_rows *out)
{
	struct snmp_agent *a = arg;

	fill_vrrp_cfg(a, rfcv2_on(a), out, snmp_mib_vrrp2_stats);
}

/* VRRP-MIB (RFC 2787), with enable_snmp_rfcv2 */
static void register_rfcv2(struct snmp_agent *a, const struct config *cfg)
{
	if (!cfg->global.enable_snmp_rfcv2)
		return;
	if (!a->v2_scalars) {
		a->v2_src = (struct snmp_scalar_src){ .on = rfcv2_on, .stats = router_stats, .arg = a };
		snmp_scalars_register("vrrpOperations", v2_node_oid, OID_LEN(v2_node_oid),
				      SNMP_V2N_LAST, snmp_mib_vrrp2_node, &a->v2_src);
		snmp_scalars_register("vrrpStatistics", v2_router_oid, OID_LEN(v2_router_oid),
				      SNMP_V2R_LAST, snmp_mib_vrrp2_router, &a->v2_src);
		a->v2_scalars = true;
	}
	if (!a->v2o)
		a->v2o = snmp_table_register("vrrpOperTable", v2o_entry, OID_LEN(v2o_entry), 2,
					     SNMP_V2O_COL_FIRST, SNMP_V2O_COL_LAST, fill_v2o, a);
	if (!a->v2a)
		a->v2a = snmp_table_register("vrrpAssoIpAddrTable", v2a_entry, OID_LEN(v2a_entry),
					     2 | SNMP_TABLE_IPADDR_INDEX, SNMP_V2A_COL, SNMP_V2A_COL,
					     fill_v2a, a);
	if (!a->v2s)
		a->v2s = snmp_table_register("vrrpRouterStatsTable", v2s_entry, OID_LEN(v2s_entry), 2,
					     SNMP_V2S_COL_FIRST, SNMP_V2S_COL_LAST, fill_v2s, a);
}

/* Registers what cfg enables and is not registered yet. A part disabled
 * by a reload stays registered and serves no rows. */
static void register_parts(struct snmp_agent *a, const struct config *cfg)
{
	bool vrrp = snmp_mib_vrrp_on(cfg, a->force), chk = snmp_mib_checker_on(cfg, a->force);

	if ((vrrp || chk) && !a->scalars) {
		register_scalar("keepalivedVersion", handle_version, version_oid, OID_LEN(version_oid), a);
		register_scalar("keepalivedRouterId", handle_router_id, router_id_oid,
				OID_LEN(router_id_oid), a);
		a->scalars = true;
	}
	if (chk && !a->vs)
		a->vs = snmp_table_register("virtualServerTable", vs_entry, OID_LEN(vs_entry), 1,
					    SNMP_VS_COL_FIRST, SNMP_VS_COL_LAST, fill_vs, a);
	if (chk && !a->rs)
		a->rs = snmp_table_register("realServerTable", rs_entry, OID_LEN(rs_entry), 2,
					    SNMP_RS_COL_FIRST, SNMP_RS_COL_LAST, fill_rs, a);
	if (vrrp && !a->vi)
		a->vi = snmp_table_register("vrrpInstanceTable", vi_entry, OID_LEN(vi_entry), 1,
					    SNMP_VI_COL_FIRST, SNMP_VI_COL_LAST, fill_vi, a);
	if (cfg->global.enable_snmp_rfcv3 && !a->v3)
		a->v3 = snmp_table_register("vrrpv3OperationsTable", v3_entry, OID_LEN(v3_entry), 3,
					    SNMP_V3_COL_FIRST, SNMP_V3_COL_LAST, fill_v3, a);
	if (cfg->global.enable_snmp_rfcv3 && !a->v3s)
		a->v3s = snmp_table_register("vrrpv3StatisticsTable", v3s_entry, OID_LEN(v3s_entry), 3,
					     SNMP_V3S_COL_FIRST, SNMP_V3S_COL_LAST, fill_v3s, a);
	if (vrrp && !a->sg)
		a->sg = snmp_table_register("vrrpSyncGroupTable", sg_entry, OID_LEN(sg_entry), 1,
					    SNMP_SG_COL_FIRST, SNMP_SG_COL_LAST, fill_sg, a);
	if (vrrp && !a->sgm)
		a->sgm = snmp_table_register("vrrpSyncGroupMemberTable", sgm_entry, OID_LEN(sgm_entry), 2,
					     SNMP_SGM_COL, SNMP_SGM_COL, fill_sgm, a);
	if (vrrp && !a->sti)
		a->sti = snmp_table_register("vrrpSyncTrackedInterfaceTable", sti_entry, OID_LEN(sti_entry),
					     2, SNMP_STI_COL_FIRST, SNMP_STI_COL_LAST, fill_sti, a);
	if (vrrp && !a->sts)
		a->sts = snmp_table_register("vrrpSyncTrackedScriptTable", sts_entry, OID_LEN(sts_entry), 2,
					     SNMP_STL_COL_FIRST, SNMP_STL_COL_LAST, fill_sts, a);
	if (vrrp && !a->stf)
		a->stf = snmp_table_register("vrrpSyncTrackedFileTable", stf_entry, OID_LEN(stf_entry), 2,
					     SNMP_STL_COL_FIRST, SNMP_STL_COL_LAST, fill_stf, a);
	if (vrrp && !a->stp)
		a->stp = snmp_table_register("vrrpSyncTrackedProcessTable", stp_entry, OID_LEN(stp_entry), 2,
					     SNMP_STL_COL_FIRST, SNMP_STL_COL_LAST, fill_stp, a);
	if (vrrp && !a->va)
		a->va = snmp_table_register("vrrpAddressTable", va_entry, OID_LEN(va_entry), 2,
					    SNMP_VA_COL_FIRST, SNMP_VA_COL_LAST, fill_va, a);
	if (vrrp && !a->ti)
		a->ti = snmp_table_register("vrrpTrackedInterfaceTable", ti_entry, OID_LEN(ti_entry), 2,
					    SNMP_TI_COL_FIRST, SNMP_TI_COL_LAST, fill_ti, a);
	if (vrrp && !a->ts)
		a->ts = snmp_table_register("vrrpTrackedScriptTable", ts_entry, OID_LEN(ts_entry), 2,
					    SNMP_TS_COL_FIRST, SNMP_TS_COL_LAST, fill_ts, a);
	if (vrrp && !a->scr)
		a->scr = snmp_table_register("vrrpScriptTable", scr_entry, OID_LEN(scr_entry), 1,
					     SNMP_SCR_COL_FIRST, SNMP_SCR_COL_LAST, fill_scr, a);
	if (vrrp && !a->tf)
		a->tf = snmp_table_register("vrrpTrackedFileTable", tf_entry, OID_LEN(tf_entry), 2,
					    SNMP_TF_COL_FIRST, SNMP_TF_COL_LAST, fill_tf, a);
	if (vrrp && !a->files)
		a->files = snmp_table_register("vrrpFileTable", file_entry, OID_LEN(file_entry), 1,
					       SNMP_FILE_COL_FIRST, SNMP_FILE_COL_LAST, fill_files, a);
	if (vrrp && !a->tp)
		a->tp = snmp_table_register("vrrpTrackedProcessTable", tp_entry, OID_LEN(tp_entry), 2,
					    SNMP_TP_COL_FIRST, SNMP_TP_COL_LAST, fill_tp, a);
	if (vrrp && !a->procs)
		a->procs = snmp_table_register("vrrpProcessTable", proc_entry, OID_LEN(proc_entry), 1,
					       SNMP_PROC_COL_FIRST, SNMP_PROC_COL_LAST, fill_procs, a);
	if (cfg->global.enable_snmp_rfcv3 && !a->v3a)
		a->v3a = snmp_table_register("vrrpv3AssociatedIpAddrTable", v3a_entry, OID_LEN(v3a_entry),
					     3 | SNMP_TABLE_ADDR_INDEX, SNMP_V3A_COL, SNMP_V3A_COL, fill_v3a, a);
	if (cfg->global.enable_snmp_rfcv3 && !a->v3_scalars) {
		a->v3_src = (struct snmp_scalar_src){ .on = rfcv3_on, .stats = router_stats, .arg = a };
		snmp_scalars_register("vrrpv3Statistics", v3_router_oid, OID_LEN(v3_router_oid),
				      SNMP_V3R_LAST, snmp_mib_v3_router, &a->v3_src);
		a->v3_scalars = true;
	}
	register_rfcv2(a, cfg);
}

static int net_start(struct snmp_agent *a, const struct config *cfg)
{
	const char *sock = cfg->global.snmp_socket;

	free(a->socket);
	a->socket = sock ? strdup(sock) : NULL;
	if (sock && !a->socket)
		return -1;
	snmp_enable_calllog();
	snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, on_log, NULL);
	netsnmp_enable_subagent();
	if (getenv("KEEL_SNMP_DEBUG")) {	/* net-snmp's debug tokens, e.g. "agentx,helper" */
		debug_register_tokens(getenv("KEEL_SNMP_DEBUG"));
		snmp_set_do_debugging(1);
	}
	/* alarms through snmp_select_info, not SIGALRM; nothing read or
	 * written under /var/lib/snmp or from snmp.conf files */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_ALARM_DONT_USE_SIG, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	if (a->socket)
		netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, a->socket);
	if (init_agent(SNMP_APP) != 0) {
		log_warnx("snmp: cannot start the AgentX subagent");
		return -1;
	}
	register_parts(a, cfg);
	/* ping the master this often; a lost master is reconnected as often
	 * (set after init_agent, which resets it) */
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL,
			   SNMP_AGENT_PING_S);
	/* a subagent needs no MIB files: an empty list keeps net-snmp from
	 * parsing (and complaining about) the ones installed */
	if (!getenv("MIBS")) {
		setenv("MIBS", "", 1);
		init_snmp(SNMP_APP);
		unsetenv("MIBS");	/* not for the scripts keeld runs */
	} else {
		init_snmp(SNMP_APP);
	}
	a->running = true;
	log_info("snmp: AgentX subagent on %s", a->socket ? a->socket : "net-snmp's default socket");
	rearm(a);
	return 0;
}

static void forget_parts(struct snmp_agent *a)
{
	struct snmp_table **t[] = { &a->vs, &a->rs, &a->vi, &a->v3, &a->v3s,
				    &a->sg, &a->sgm, &a->va, &a->v3a, &a->ti, &a->ts,
				    &a->scr, &a->tf, &a->files, &a->tp, &a->procs, &a->sti, &a->sts,
				    &a->stf, &a->stp, &a->v2o, &a->v2a, &a->v2s };

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snmp_table_free(*t[i]);
		*t[i] = NULL;
	}
	a->scalars = false;
	a->v3_scalars = false;
	a->v2_scalars = false;
	snmp_scalars_forget();
}

static void net_stop(struct snmp_agent *a)
{
	for (size_t i = 0; i < a->nfds; i++)
		event_free(a->fds[i].ev);
	a->nfds = 0;
	evtimer_del(a->timer);
	if (!a->running)
		return;
	snmp_shutdown(SNMP_APP);
	shutdown_agent();
	forget_parts(a);
	a->running = false;
}

/* snmpTrapOID.0; net-snmp puts sysUpTime.0 in front */
static const oid trap_oid_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };

static size_t to_oid(const uint32_t *in, size_t len, oid *out)
{
	for (size_t k = 0; k < len; k++)
		out[k] = in[k];
	return len;
}

static void send_notif(struct snmp_agent *a, struct snmp_notif *n)
{
	netsnmp_variable_list *vars = NULL, *vb;
	oid o[SNMP_OID_MAX];
	size_t len = to_oid(n->trap, n->trap_len, o);
	bool ok = !n->oom && snmp_varlist_add_variable(&vars, trap_oid_oid, OID_LEN(trap_oid_oid),
							ASN_OBJECT_ID, o, len * sizeof(oid));

	for (size_t k = 0; ok && k < n->n; k++) {
		len = to_oid(n->vb[k].oid, n->vb[k].len, o);
		vb = snmp_varlist_add_variable(&vars, o, len, ASN_NULL, NULL, 0);
		if (vb)
			snmp_table_set_value(vb, &n->vb[k].v);
		ok = vb != NULL;
	}
	if (ok)
		send_v2trap(vars);
	else
		log_warnx("snmp: out of memory: a notification is not sent");
	snmp_free_varbind(vars);
	snmp_notif_clear(n);
	rearm(a);
}

void snmp_agent_vrrp_change(struct snmp_agent *a, const struct vrrp_state_change *c)
{
	const struct config *cfg = a ? cfg_of(a) : NULL;
	struct snmp_notif n = { 0 };
	char host[256];

	if (!cfg || !a->running || !cfg->global.enable_traps)
		return;
	if (snmp_mib_vrrp_on(cfg, a->force)) {
		snmp_notif_vrrp(cfg, c, router_id(a, host, sizeof(host)), &n);
		send_notif(a, &n);
	}
	if (cfg->global.enable_snmp_rfcv3 && !c->group &&
	    snmp_notif_v3_new_master(c, if_nametoindex(c->v.ifname), &n))
		send_notif(a, &n);
}

void snmp_agent_server_change(struct snmp_agent *a, size_t v, size_t r)
{
	const struct config *cfg = a ? cfg_of(a) : NULL;
	const struct ipvs_health *h;
	struct snmp_notif n = { 0 };
	char host[256];

	if (!cfg || !a->running || !cfg->global.enable_traps || !snmp_mib_checker_on(cfg, a->force))
		return;
	h = a->src.health ? a->src.health(a->src.arg) : NULL;
	snmp_notif_server(cfg, h, v, r == SNMP_AGENT_QUORUM ? SNMP_NOTIF_QUORUM : r,
			  router_id(a, host, sizeof(host)), &n);
	send_notif(a, &n);
}

struct snmp_agent *snmp_agent_new(struct event_base *base, const struct config *cfg, bool force,
				  const struct snmp_agent_src *src)
{
	struct snmp_agent *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	*a = (struct snmp_agent){ .base = base, .src = *src, .force = force };
	a->timer = evtimer_new(base, on_timer, a);
	if (!a->timer || net_start(a, cfg) < 0) {
		snmp_agent_free(a);
		return NULL;
	}
	return a;
}

static bool same_socket(const char *x, const char *y)
{
	return x == y || (x && y && strcmp(x, y) == 0);
}

/* net-snmp does not come back up cleanly in the same process once shut
 * down: the session stays for the process's life, and what a reload
 * disables serves no rows. */
void snmp_agent_reload(struct snmp_agent *a, const struct config *cfg)
{
	if (!a)
		return;
	if (!same_socket(a->socket, cfg->global.snmp_socket))
		log_warnx("snmp: snmp_socket %s takes effect when keeld restarts; still on %s",
			  cfg->global.snmp_socket ? cfg->global.snmp_socket : "(default)",
			  a->socket ? a->socket : "(default)");
	register_parts(a, cfg);
	rearm(a);
}

void snmp_agent_free(struct snmp_agent *a)
{
	if (!a)
		return;
	net_stop(a);
	if (a->timer)
		event_free(a->timer);
	free(a->socket);
	free(a);
}
