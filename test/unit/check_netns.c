// SPDX-License-Identifier: GPL-2.0-or-later
/* net_namespace, net_namespace_ipvs, instance, use_pid_dir and
 * namespace_with_ipsets: the keywords as keepalived 2.2.7 reads them
 * (measured with keepalived -t and by running it), what a reload keeps,
 * and the pid file's path. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfg_netns.h"
#include "netns.h"
#include "opts.h"
#include "pidfile.h"
#include "suites.h"
#include "unit_cfg.h"

START_TEST(keywords)
{
	struct config *c = unit_cfg_load("net_namespace blue\nnet_namespace_ipvs lb\ninstance one\n"
					 "use_pid_dir\nnamespace_with_ipsets\n");
	const struct cfg_global *g = &c->global;

	ck_assert_str_eq(g->net_namespace, "blue");
	ck_assert(g->net_namespace_ipvs_set);
	ck_assert_str_eq(g->net_namespace_ipvs, "lb");
	ck_assert_str_eq(g->instance, "one");
	ck_assert(g->use_pid_dir && g->namespace_with_ipsets);
	cfg_free(c);
	c = unit_cfg_load("global_defs {\n router_id r\n}\n");
	g = &c->global;
	ck_assert(!g->net_namespace && !g->net_namespace_ipvs && !g->net_namespace_ipvs_set);
	ck_assert(!g->instance && !g->use_pid_dir && !g->namespace_with_ipsets);
	cfg_free(c);
	/* no name: the namespace keeld started in (keepalived's "default") */
	c = unit_cfg_load("net_namespace blue\nnet_namespace_ipvs\n");
	ck_assert(c->global.net_namespace_ipvs_set && !c->global.net_namespace_ipvs);
	cfg_free(c);
}
END_TEST

/* keepalived: "Duplicate net_namespace definition b - ignoring" */
START_TEST(first_kept)
{
	struct config *c = unit_cfg_load_saying("net_namespace a\nnet_namespace b\n",
						"t.conf:2:15: warning: net_namespace given again: keeping the first, as keepalived");

	ck_assert_str_eq(c->global.net_namespace, "a");
	cfg_free(c);
	c = unit_cfg_load_saying("instance x\ninstance y\n",
				 "t.conf:2:10: warning: instance given again: keeping the first, as keepalived");
	ck_assert_str_eq(c->global.instance, "x");
	cfg_free(c);
	c = unit_cfg_load_saying("net_namespace_ipvs\nnet_namespace_ipvs q\n",
				 "t.conf:2:20: warning: net_namespace_ipvs given again: keeping the first, as keepalived");
	ck_assert(c->global.net_namespace_ipvs_set && !c->global.net_namespace_ipvs);
	cfg_free(c);
}
END_TEST

START_TEST(errors)
{
	ck_assert_ptr_null(unit_cfg_load_saying("net_namespace a/b\n",
		"t.conf:1:15: error: 'a/b': net_namespace takes a file name (no '/', not '.' or '..', under 239 bytes)"));
	ck_assert_ptr_null(unit_cfg_load_saying("instance ..\n",
		"t.conf:1:10: error: '..': instance takes a file name (no '/', not '.' or '..', under 239 bytes)"));
	ck_assert_ptr_null(unit_cfg_load_saying("net_namespace_ipvs .\n",
		"t.conf:1:20: error: '.': net_namespace_ipvs takes a file name (no '/', not '.' or '..', under 239 bytes)"));
	ck_assert_ptr_null(unit_cfg_load_saying("net_namespace\n",
		"t.conf:1:1: error: 'net_namespace' takes 1 argument, not 0"));
	ck_assert_ptr_null(unit_cfg_load_saying("use_pid_dir yes\n",
		"t.conf:1:13: error: 'use_pid_dir' takes 0 arguments, not 1"));
}
END_TEST

/* keepalived 2.2.7 calls them unknown inside global_defs and runs
 * without them: so does keel, with its own word for it */
START_TEST(not_in_global_defs)
{
	struct config *c = unit_cfg_load_saying("global_defs {\n net_namespace blue\n}\n",
		"t.conf:2:2: warning: 'net_namespace' belongs at the top level: keepalived 2.2.7 ignores it "
		"inside global_defs, and so does keel");

	ck_assert_ptr_null(c->global.net_namespace);
	cfg_free(c);
	c = unit_cfg_load_saying("global_defs {\n use_pid_dir\n}\n",
		"t.conf:2:2: warning: 'use_pid_dir' belongs at the top level: keepalived 2.2.7 ignores it "
		"inside global_defs, and so does keel");
	ck_assert(!c->global.use_pid_dir);
	cfg_free(c);
}
END_TEST

/* keepalived: "Cannot change network namespace at a reload" and runs on
 * where it is */
START_TEST(reload_keeps)
{
	struct config *old = unit_cfg_load("net_namespace a\ninstance i\n");
	struct config *same = unit_cfg_load("net_namespace a\ninstance i\n");
	struct config *next = unit_cfg_load("net_namespace b\nnet_namespace_ipvs\nuse_pid_dir\n");

	ck_assert_uint_eq(cfg_netns_keep(&old->global, &same->global), 0);
	ck_assert_uint_eq(cfg_netns_keep(&old->global, &next->global),
			  CFG_NETNS_KEPT_NS | CFG_NETNS_KEPT_IPVS | CFG_NETNS_KEPT_PIDFILE);
	ck_assert_str_eq(next->global.net_namespace, "a");
	ck_assert(!next->global.net_namespace_ipvs_set && !next->global.use_pid_dir);
	ck_assert_str_eq(next->global.instance, "i");
	ck_assert_uint_eq(cfg_netns_keep(&old->global, &next->global), 0);
	cfg_free(old);
	cfg_free(same);
	cfg_free(next);
}
END_TEST

static const char *path_of(const char *given, const char *ns, const char *inst, bool dir)
{
	static char buf[256];

	ck_assert_int_eq(pidfile_path(given, "/run", ns, inst, dir, buf, sizeof(buf)), 0);
	return buf;
}

/* keepalived: /run/keepalived.pid; use_pid_dir /run/keepalived/keepalived.pid;
 * instance I /run/keepalived/keepalived_I.pid; net_namespace N
 * /run/keepalived/N/keepalived[_I].pid; -p wins over all */
START_TEST(pid_paths)
{
	char small[16];

	ck_assert_str_eq(path_of(NULL, NULL, NULL, false), "/run/keeld.pid");
	ck_assert_str_eq(path_of(NULL, NULL, NULL, true), "/run/keel/keeld.pid");
	ck_assert_str_eq(path_of(NULL, NULL, "i1", false), "/run/keel/keeld_i1.pid");
	ck_assert_str_eq(path_of(NULL, NULL, "i1", true), "/run/keel/keeld_i1.pid");
	ck_assert_str_eq(path_of(NULL, "blue", NULL, false), "/run/keel/blue/keeld.pid");
	ck_assert_str_eq(path_of(NULL, "blue", "i1", true), "/run/keel/blue/keeld_i1.pid");
	ck_assert_str_eq(path_of("/tmp/k.pid", "blue", "i1", true), "/tmp/k.pid");
	ck_assert_int_eq(pidfile_path(NULL, "/run", "blue", "i1", false, small, sizeof(small)), -1);
}
END_TEST

START_TEST(pid_dirs)
{
	char dir[] = "/tmp/keel-netns-XXXXXX", path[256];
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/keel/blue/keeld.pid", dir);
	ck_assert_int_eq(pidfile_mkdirs(path), 0);
	ck_assert_int_eq(pidfile_mkdirs(path), 0);	/* there already */
	snprintf(path, sizeof(path), "%s/keel/blue", dir);
	ck_assert(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
	rmdir(path);
	snprintf(path, sizeof(path), "%s/keel", dir);
	rmdir(path);
	rmdir(dir);
}
END_TEST

START_TEST(pid_option)
{
	char *argv[] = { "keeld", "-p", "/tmp/x.pid", NULL }, err[128];
	struct keeld_opts o;

	ck_assert_int_eq(keeld_opts_parse(1, argv, &o, err, sizeof(err)), 0);
	ck_assert(!o.pid_file_given);
	ck_assert_int_eq(keeld_opts_parse(3, argv, &o, err, sizeof(err)), 0);
	ck_assert(o.pid_file_given);
	ck_assert_str_eq(o.pid_file, "/tmp/x.pid");
}
END_TEST

/* keeld creates no namespace; without net_namespace_ipvs files open
 * where the thread is */
START_TEST(runtime)
{
	char buf[8];
	int fd;

	ck_assert_int_eq(netns_open("keel-unit-no-such-namespace"), -ENOENT);
	ck_assert(!netns_ipvs_elsewhere());
	fd = netns_ipvs_open_file("/proc/thread-self/net/dev", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_gt(read(fd, buf, sizeof(buf)), 0);
	close(fd);
	ck_assert_int_eq(netns_ipvs_open_file("/nonexistent/x", O_RDONLY), -ENOENT);
	ck_assert_int_eq(netns_start(NULL, true, NULL), 0);	/* IPVS where keeld is: no switch */
	ck_assert(!netns_ipvs_elsewhere());
}
END_TEST

Suite *netns_suite(void)
{
	Suite *s = suite_create("netns");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, keywords);
	tcase_add_test(tc, first_kept);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, not_in_global_defs);
	tcase_add_test(tc, reload_keeps);
	tcase_add_test(tc, pid_paths);
	tcase_add_test(tc, pid_dirs);
	tcase_add_test(tc, pid_option);
	tcase_add_test(tc, runtime);
	suite_add_tcase(s, tc);
	return s;
}
