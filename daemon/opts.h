// SPDX-License-Identifier: GPL-2.0-or-later
/* keeld's command line, keepalived-compatible where the option exists there. */
#ifndef KEEL_OPTS_H
#define KEEL_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "rundir.h"

#define KEELD_DEFAULT_CONFIG "/etc/keel/keel.conf"

enum keeld_action { KEELD_RUN, KEELD_CONFIG_TEST, KEELD_HELP, KEELD_VERSION };

struct keeld_opts {
	enum keeld_action action;
	const char *config_file;
	const char *pid_file;
	bool pid_file_given;		/* -p: the config's instance etc. do not move it */
	const char *control_socket;
	const char *config_id;		/* -i: selects @id lines */
	bool dont_fork;
	bool log_console;
	bool log_detail;
	int log_facility;
	bool vrrp_only;			/* -P */
	bool check_only;		/* -C */
	bool snmp;			/* -x */
	bool dump;			/* with -t: print the model as JSON */
	bool strict;			/* with -t: warnings count as errors */
};

/* Fills *o from argv. Returns 0, or -1 with a message in err. */
int keeld_opts_parse(int argc, char **argv, struct keeld_opts *o, char *err, size_t errlen);
void keeld_usage(const char *prog);

#endif
