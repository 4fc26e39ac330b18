// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "log.h"
#include "opts.h"

enum { OPT_CONTROL_SOCKET = 256, OPT_DUMP, OPT_STRICT };

static const struct option long_opts[] = {
	{ "use-file", required_argument, NULL, 'f' },
	{ "dont-fork", no_argument, NULL, 'n' },
	{ "log-console", no_argument, NULL, 'l' },
	{ "log-detail", no_argument, NULL, 'D' },
	{ "config-test", no_argument, NULL, 't' },
	{ "pid", required_argument, NULL, 'p' },
	{ "vrrp", no_argument, NULL, 'P' },
	{ "check", no_argument, NULL, 'C' },
	{ "snmp", no_argument, NULL, 'x' },
	{ "log-facility", required_argument, NULL, 'S' },
	{ "config-id", required_argument, NULL, 'i' },
	{ "control-socket", required_argument, NULL, OPT_CONTROL_SOCKET },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "version", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void set_defaults(struct keeld_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->action = KEELD_RUN;
	o->config_file = KEELD_DEFAULT_CONFIG;
	o->pid_file = KEEL_DEFAULT_PIDFILE;
	o->control_socket = KEEL_DEFAULT_SOCKET;
	o->log_facility = LOG_DAEMON;
}

int keeld_opts_parse(int argc, char **argv, struct keeld_opts *o, char *err, size_t errlen)
{
	int c;

	set_defaults(o);
	optind = 0;	/* reset getopt so the parser can run more than once */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:nlDtp:PCxS:i:vh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'f': o->config_file = optarg; break;
		case 'n': o->dont_fork = true; break;
		case 'l': o->log_console = true; break;
		case 'D': o->log_detail = true; break;
		case 't': o->action = KEELD_CONFIG_TEST; break;
		case 'p': o->pid_file = optarg, o->pid_file_given = true; break;
		case 'P': o->vrrp_only = true; break;
		case 'C': o->check_only = true; break;
		case 'x': o->snmp = true; break;
		case 'i': o->config_id = optarg; break;
		case OPT_CONTROL_SOCKET: o->control_socket = optarg; break;
		case OPT_DUMP: o->dump = true; break;
		case OPT_STRICT: o->strict = true; break;
		case 'v': o->action = KEELD_VERSION; return 0;
		case 'h': o->action = KEELD_HELP; return 0;
		case 'S':
			if (log_facility_parse(optarg, &o->log_facility) < 0) {
				snprintf(err, errlen, "bad log facility '%s' (0-7 selects local0-local7)", optarg);
				return -1;
			}
			break;
		case ':':
			snprintf(err, errlen, "option '%s' needs an argument", argv[optind - 1]);
			return -1;
		default:
			snprintf(err, errlen, "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if ((o->dump || o->strict) && o->action != KEELD_CONFIG_TEST) {
		snprintf(err, errlen, "--dump and --strict go with -t/--config-test");
		return -1;
	}
	if (o->vrrp_only && o->check_only) {
		snprintf(err, errlen, "-P/--vrrp and -C/--check exclude each other");
		return -1;
	}
	return 0;
}

void keeld_usage(const char *prog)
{
	printf("Usage: %s [OPTION]...\n"
	       "Keeps a load-balanced, highly available virtual IP alive (IPVS + VRRP).\n\n"
	       "  -f, --use-file FILE        configuration file (default " KEELD_DEFAULT_CONFIG ")\n"
	       "  -n, --dont-fork            stay in the foreground\n"
	       "  -l, --log-console          log to the console instead of syslog\n"
	       "  -D, --log-detail           log debug detail\n"
	       "  -t, --config-test          check the configuration and exit\n"
	       "      --dump                 with -t: print the normalised model as JSON\n"
	       "      --strict               with -t: warnings count as errors\n"
	       "  -p, --pid FILE             pid file (default " KEEL_DEFAULT_PIDFILE ")\n"
	       "  -P, --vrrp                 run only the VRRP part\n"
	       "  -C, --check                run only the IPVS and health-check part\n"
	       "  -x, --snmp                 enable the SNMP AgentX subagent\n"
	       "  -S, --log-facility 0-7     syslog facility local0..local7\n"
	       "  -i, --config-id ID         select configuration lines marked @ID\n"
	       "      --control-socket PATH  control socket (default " KEEL_DEFAULT_SOCKET ")\n"
	       "  -v, --version              print the version and exit\n"
	       "  -h, --help                 print this help and exit\n",
	       prog);
}
