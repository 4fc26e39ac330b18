// SPDX-License-Identifier: GPL-2.0-or-later
/* ipvs_nl_probe: keel's IPVS netlink driver and planner, driven from the
 * command line, for the kernel lab (test/integration/ipvs-netlink.sh).
 *
 *   ipvs_nl_probe list [--tun-info|--thresholds|--persistent-conn]
 *   ipvs_nl_probe apply [--owned RULES | --own-all] RULES
 *   ipvs_nl_probe flush
 *   ipvs_nl_probe timeout [TCP TCPFIN UDP]
 *   ipvs_nl_probe daemon start master|backup IFNAME SYNCID [maxlen N]
 *                        [group ADDR] [port N] [ttl N]
 *   ipvs_nl_probe daemon stop master|backup
 *   ipvs_nl_probe daemon list
 *
 * RULES are in `ipvsadm -S -n` syntax. Listings print as ipvsadm does.
 * apply reads the kernel, plans, applies, and prints the plan and what went
 * over the socket. Exit status: 0 ok, 1 some operation failed, 2 usage or
 * socket trouble. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvs-rules.h"
#include "ipvs_fmt.h"
#include "ipvs_plan.h"
#include "log.h"
#include "nl_ipvs.h"

static int usage(void)
{
	fputs("usage: ipvs_nl_probe list [--tun-info|--thresholds|--persistent-conn]\n"
	      "       ipvs_nl_probe apply [--owned RULES | --own-all] RULES\n"
	      "       ipvs_nl_probe flush | timeout [TCP TCPFIN UDP]\n"
	      "       ipvs_nl_probe daemon start master|backup IFNAME SYNCID [maxlen N]"
	      " [group ADDR] [port N] [ttl N]\n"
	      "       ipvs_nl_probe daemon stop master|backup | daemon list\n", stderr);
	return 2;
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "ipvs_nl_probe: %s: %s\n", what, strerror(-err));
	return 2;
}

static int read_rules(const char *path, struct ipvs_table *t)
{
	char err[128];
	FILE *f = fopen(path, "r");
	int rc;

	if (!f) {
		fprintf(stderr, "ipvs_nl_probe: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	rc = ipvs_rules_read(f, t, err, sizeof(err));
	fclose(f);
	if (rc)
		fprintf(stderr, "ipvs_nl_probe: %s:%s\n", path, err);
	return rc;
}

static int cmd_list(struct nl_ipvs *nl, int argc, char **argv)
{
	enum ipvs_fmt_cols cols = IPVS_FMT_DEFAULT;
	struct ipvs_table t;
	struct ipvs_info info;
	int rc;

	if (argc > 1 && !strcmp(argv[1], "--tun-info"))
		cols = IPVS_FMT_TUN_INFO;
	else if (argc > 1 && !strcmp(argv[1], "--thresholds"))
		cols = IPVS_FMT_THRESHOLDS;
	else if (argc > 1 && !strcmp(argv[1], "--persistent-conn"))
		cols = IPVS_FMT_PERSIST_CONN;
	else if (argc > 1)
		return usage();
	if ((rc = nl_ipvs_info(nl, &info)))
		return fail("info", rc);
	if ((rc = nl_ipvs_dump(nl, &t)))
		return fail("dump", rc);
	rc = ipvs_fmt_table(stdout, &t, &info, cols);
	ipvs_table_free(&t);
	return rc ? 2 : 0;
}

static void print_plan(const struct ipvs_ops *ops)
{
	static const char *const kinds[] = { "add-svc", "edit-svc", "del-svc",
					     "add-dest", "edit-dest", "del-dest" };
	char buf[IPVS_OP_DESC_LEN];

	for (size_t i = 0; i < ops->n; i++)
		printf("op: %s\n", ipvs_op_describe(&ops->op[i], buf));
	printf("plan: %zu ops", ops->n);
	for (int k = IPVS_OP_ADD_SVC; k <= IPVS_OP_DEL_DEST; k++)
		printf("%s%s %zu", k ? ", " : " (", kinds[k], ipvs_ops_count(ops, k));
	puts(")");
}

/* Plans the rules against what the kernel holds, applies, and reports. */
static int apply(struct nl_ipvs *nl, const struct ipvs_table *want, const struct ipvs_owner *own)
{
	struct ipvs_table have;
	struct ipvs_ops ops = { 0 };
	struct nl_ipvs_stats before, after;
	int rc;

	before = *nl_ipvs_stats(nl);
	if ((rc = nl_ipvs_dump(nl, &have)))
		return fail("dump", rc);
	after = *nl_ipvs_stats(nl);
	printf("dump: %llu requests, %llu retries\n",
	       (unsigned long long)(after.requests - before.requests),
	       (unsigned long long)(after.dump_retries - before.dump_retries));
	rc = ipvs_plan(want, &have, own, &ops);
	ipvs_table_free(&have);
	if (rc)
		return fail("plan", rc);
	print_plan(&ops);
	before = *nl_ipvs_stats(nl);
	rc = nl_ipvs_apply(nl, &ops, NULL);
	after = *nl_ipvs_stats(nl);
	printf("netlink: %llu requests in %llu sends, %d failed\n",
	       (unsigned long long)(after.requests - before.requests),
	       (unsigned long long)(after.sends - before.sends), rc < 0 ? (int)ops.n : rc);
	ipvs_ops_free(&ops);
	return rc < 0 ? fail("apply", rc) : rc > 0;
}

static int cmd_apply(struct nl_ipvs *nl, int argc, char **argv)
{
	struct ipvs_table want, owned = { 0 };
	struct ipvs_owner own;
	const struct ipvs_owner *o = NULL;
	int rc;

	if (argc == 4 && !strcmp(argv[1], "--owned")) {
		if (read_rules(argv[2], &owned))
			return 2;
		ipvs_owner_table(&own, &owned);
		o = &own;
	} else if (argc == 3 && !strcmp(argv[1], "--own-all")) {
		o = &ipvs_owner_all;
	} else if (argc != 2) {
		return usage();
	}
	if (read_rules(argv[argc - 1], &want)) {
		ipvs_table_free(&owned);
		return 2;
	}
	rc = apply(nl, &want, o);
	ipvs_table_free(&want);
	ipvs_table_free(&owned);
	return rc;
}

static int cmd_timeout(struct nl_ipvs *nl, int argc, char **argv)
{
	struct ipvs_timeouts to;
	int rc;

	if (argc == 4) {
		to = (struct ipvs_timeouts){ (uint32_t)atoi(argv[1]), (uint32_t)atoi(argv[2]),
					     (uint32_t)atoi(argv[3]) };
		if ((rc = nl_ipvs_set_timeouts(nl, &to)))
			return fail("set timeouts", rc);
	} else if (argc != 1) {
		return usage();
	}
	if ((rc = nl_ipvs_get_timeouts(nl, &to)))
		return fail("get timeouts", rc);
	ipvs_fmt_timeouts(stdout, &to);
	return 0;
}

static int daemon_state(const char *s)
{
	return !strcmp(s, "master") ? IPVS_DAEMON_MASTER : !strcmp(s, "backup") ? IPVS_DAEMON_BACKUP : 0;
}

/* "start master IFNAME SYNCID [maxlen N] [group ADDR] [port N] [ttl N]" */
static int daemon_start(struct nl_ipvs *nl, int argc, char **argv)
{
	struct ipvs_daemon d = { .state = daemon_state(argv[2]) };
	int rc;

	if (!d.state || argc < 5 || argc % 2 == 0)
		return usage();
	snprintf(d.ifname, sizeof(d.ifname), "%s", argv[3]);
	d.syncid = (uint32_t)atoi(argv[4]);
	for (int i = 5; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "maxlen"))
			d.maxlen = (uint16_t)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "port"))
			d.port = (uint16_t)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "ttl"))
			d.ttl = (uint8_t)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "group") && inet_pton(AF_INET, argv[i + 1], &d.group) == 1)
			d.group_af = AF_INET;
		else if (!strcmp(argv[i], "group") && inet_pton(AF_INET6, argv[i + 1], &d.group) == 1)
			d.group_af = AF_INET6;
		else
			return usage();
	}
	if ((rc = nl_ipvs_start_daemon(nl, &d)))
		return fail("start sync daemon", rc);
	return 0;
}

static int cmd_daemon(struct nl_ipvs *nl, int argc, char **argv)
{
	struct ipvs_daemon d[2];
	size_t n;
	int rc;

	if (argc >= 3 && !strcmp(argv[1], "start"))
		return daemon_start(nl, argc, argv);
	if (argc == 3 && !strcmp(argv[1], "stop") && daemon_state(argv[2])) {
		if ((rc = nl_ipvs_stop_daemon(nl, daemon_state(argv[2]))))
			return fail("stop sync daemon", rc);
		return 0;
	}
	if (argc != 2 || strcmp(argv[1], "list"))
		return usage();
	if ((rc = nl_ipvs_get_daemons(nl, d, 2, &n)))
		return fail("list sync daemons", rc);
	for (size_t i = 0; i < n; i++)
		ipvs_fmt_daemon(stdout, &d[i]);
	return 0;
}

int main(int argc, char **argv)
{
	struct log_opts lo = { .ident = "ipvs_nl_probe", .console = true };
	struct nl_ipvs *nl;
	int rc;

	log_init(&lo);
	if (argc < 2)
		return usage();
	if ((rc = nl_ipvs_open(&nl)))
		return fail("open IPVS netlink", rc);
	argc--;
	argv++;
	if (!strcmp(argv[0], "list"))
		rc = cmd_list(nl, argc, argv);
	else if (!strcmp(argv[0], "apply"))
		rc = cmd_apply(nl, argc, argv);
	else if (!strcmp(argv[0], "flush") && argc == 1)
		rc = (rc = nl_ipvs_flush(nl)) ? fail("flush", rc) : 0;
	else if (!strcmp(argv[0], "timeout"))
		rc = cmd_timeout(nl, argc, argv);
	else if (!strcmp(argv[0], "daemon"))
		rc = cmd_daemon(nl, argc, argv);
	else
		rc = usage();
	fflush(stdout);
	nl_ipvs_close(nl);
	return rc;
}
