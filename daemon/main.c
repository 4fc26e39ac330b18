// SPDX-License-Identifier: GPL-2.0-or-later
/* keeld: parse the command line, load the config, then run the loop. */
#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "cfg_dump.h"
#include "cfg_inputs.h"
#include "ev_base.h"
#include "chk.h"
#include "json.h"
#include "keeld.h"
#include "log.h"
#include "netns.h"
#include "opts.h"
#include "pidfile.h"
#include "proc_tune.h"
#include "sdnotify.h"

enum { EXIT_CONFIG = 2 };

/* -t exits right after the check: freeing the model object by object would
 * only add time (a tenth of -t on 10,000 services) for memory the exit
 * returns anyway. Held here, it stays reachable to leak checkers. */
static struct config *volatile tested_cfg;

/* -t: every diagnostic to stderr, exit 0 when there is no error. */
static int config_test(const struct keeld_opts *o)
{
	struct cfg_load_opts lo = { .config_id = o->config_id, .check_kind_runs = chk_kind_runs,
				    .host_checks = true };
	struct cfg_diag *diag = cfg_diag_new();
	struct config *cfg;
	int rc;

	if (!diag) {
		fprintf(stderr, "keeld: out of memory\n");
		return EXIT_FAILURE;
	}
	cfg = cfg_load(o->config_file, &lo, diag);
	for (size_t i = 0; i < cfg_diag_count(diag); i++)
		fprintf(stderr, "%s\n", cfg_diag_message(diag, i));
	rc = cfg && !(o->strict && cfg_diag_warnings(diag)) ? EXIT_SUCCESS : EXIT_CONFIG;
	if (cfg && o->dump) {
		struct json_writer w;
		json_init(&w);
		cfg_dump(cfg, &w);
		printf("%s\n", json_text(&w) ? json_text(&w) : "null");
		json_free(&w);
	}
	if (rc == EXIT_SUCCESS)
		fprintf(stderr, "%s: configuration valid (%u warnings)\n", o->config_file,
			cfg_diag_warnings(diag));
	else if (cfg)
		fprintf(stderr, "%s: %u warnings, which --strict counts as errors\n", o->config_file,
			cfg_diag_warnings(diag));
	tested_cfg = cfg;
	cfg_diag_free(diag);
	return rc;
}

/* A config, the IPVS tables and a reload's second copy of both are blocks
 * of hundreds of kB. glibc raises its mmap threshold to the size of the
 * first such block freed, after which they come from the heap, where a
 * reload leaves them as holes between smaller live objects. A fixed
 * threshold keeps them in mappings that go back whole when freed:
 * measured in the lab with 2,500 x 4, six reloads grew VmRSS from 8.4 to
 * 12.1 MB before, from 8.6 to 9.3 MB with it. */
static void keep_big_blocks_mapped(void)
{
	if (mallopt(M_MMAP_THRESHOLD, 128 * 1024) != 1)
		log_warnx("mallopt: cannot fix the mmap threshold; reloads may leave the heap larger");
}

static int run(const struct keeld_opts *o)
{
	struct keeld k = { .opts = o, .pid_fd = -1 };
	const struct cfg_global *g;
	char pid_file[4096] = "";
	int rc = EXIT_FAILURE;

	clock_gettime(CLOCK_MONOTONIC, &k.started);
	keep_big_blocks_mapped();
	if (keeld_load(&k) < 0) {
		log_warnx("%s: not starting with a broken configuration", o->config_file);
		free(k.last.first_error);
		cfg_inputs_free(k.inputs);	/* what the failed parse read */
		return EXIT_CONFIG;
	}
	g = &k.cfg->global;
	proc_tune_umask(&k.cfg->global);	/* before keeld's first file, the pid file */
	/* before the fork and every socket: the whole process is there */
	if (netns_start(g->net_namespace, g->net_namespace_ipvs_set, g->net_namespace_ipvs) < 0)
		goto out;
	if (!o->dont_fork && daemon(0, 0) < 0) {
		log_warn("daemon");
		goto out;
	}
	if (pidfile_path(o->pid_file_given ? o->pid_file : NULL, KEEL_RUNDIR, g->net_namespace,
			 g->instance, g->use_pid_dir, pid_file, sizeof(pid_file)) < 0) {
		log_warnx("the pid file's path is too long");
		goto out;
	}
	if (!o->pid_file_given)
		pidfile_mkdirs(pid_file);	/* a failure shows at the create */
	k.pid_fd = pidfile_create(pid_file);
	if (k.pid_fd < 0) {
		if (errno == EWOULDBLOCK)
			log_warnx("%s is locked: another keeld is running", pid_file);
		else
			log_warn("pid file %s", pid_file);
		goto out;
	}
	log_info("pid file %s", pid_file);
	keeld_startup_script(&k);
	k.base = keel_event_base_new(false);
	if (!k.base) {
		log_warnx("cannot create the event loop");
		goto out;
	}
	if (keeld_start(&k) < 0)
		goto out;
	log_info("keeld %s started, config %s", PACKAGE_VERSION, o->config_file);
	sd_notify_state("READY=1");
	event_base_dispatch(k.base);
	log_info("keeld stopped");
	rc = EXIT_SUCCESS;
out:
	keeld_free(&k);
	if (k.base)
		event_base_free(k.base);
	pidfile_remove(pid_file, k.pid_fd);
	return rc;
}

int main(int argc, char **argv)
{
	struct keeld_opts o;
	char err[256];
	int rc;

	if (keeld_opts_parse(argc, argv, &o, err, sizeof(err)) < 0) {
		fprintf(stderr, "keeld: %s\nTry 'keeld --help'.\n", err);
		return EXIT_FAILURE;
	}
	switch (o.action) {
	case KEELD_HELP:
		keeld_usage("keeld");
		return EXIT_SUCCESS;
	case KEELD_VERSION:
		printf("keeld %s\n", PACKAGE_VERSION);
		return EXIT_SUCCESS;
	case KEELD_CONFIG_TEST:
		return config_test(&o);
	case KEELD_RUN:
		break;
	}
	log_init(&(struct log_opts){ .ident = "keeld", .console = o.log_console,
				     .detail = o.log_detail, .facility = o.log_facility });
	rc = run(&o);
	log_close();
	return rc;
}
