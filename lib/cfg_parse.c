// SPDX-License-Identifier: GPL-2.0-or-later
/* cfg_load: read the file through the reader, dispatch top-level blocks
 * to their tables, then resolve defaults and cross-check (cfg_validate). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg_block.h"
#include "cfg_global.h"
#include "cfg_lvs.h"
#include "cfg_validate.h"
#include "cfg_vrrp.h"

#define TODO(name, why) { name, 0, CFG_ANY, NULL, NULL, NULL, why }

static void *top_global(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return &((struct config *)obj)->global;
}

static const struct cfg_kw top_kw[] = {
	TODO("bfd_instance", "BFD"),
	TODO("child_wait_time", "process tuning"),
	TODO("garp_group", "gratuitous ARP groups"),
	{ "global_defs", 0, 0, NULL, top_global, &cfg_global_block, NULL },
	TODO("instance", "network namespaces"),
	TODO("linkbeat_use_polling", "link polling"),
	TODO("net_namespace", "network namespaces"),
	TODO("net_namespace_ipvs", "network namespaces"),
	TODO("static_ipaddress", "static addresses"),
	TODO("static_routes", "static routes"),
	TODO("static_rules", "static rules"),
	TODO("static_track_group", "static track groups"),
	{ "track_file", 1, 1, NULL, cfg_track_file_open, &cfg_track_file_block, NULL },
	TODO("track_process", "process tracking"),
	TODO("use_pid_dir", "process tuning"),
	{ "virtual_server", 1, 2, NULL, cfg_vs_open, &cfg_vs_block, NULL },
	{ "virtual_server_group", 1, 1, NULL, cfg_vsg_open, &cfg_vsg_block, NULL },
	{ "vrrp_instance", 1, 1, NULL, cfg_vrrp_open, &cfg_vrrp_block, NULL },
	{ "vrrp_script", 1, 1, NULL, cfg_script_open, &cfg_script_block, NULL },
	{ "vrrp_sync_group", 1, 1, NULL, cfg_sync_open, &cfg_sync_block, NULL },
	{ "vrrp_track_file", 1, 1, NULL, cfg_track_file_open, &cfg_track_file_block, NULL },
	TODO("vrrp_track_process", "process tracking"),
};

static const struct cfg_block top_block = { "the top level", CFG_TABLE(top_kw), NULL, NULL };

static struct config *parse(struct cfg_reader *rd, const char *path, struct cfg_diag *diag)
{
	struct config *cfg = calloc(1, sizeof(*cfg));
	struct cfg_parser p = { .rd = rd, .diag = diag, .cfg = cfg };

	if (!cfg || !(cfg->path = strdup(path))) {
		cfg_diag_error(diag, NULL, "out of memory");
		cfg_free(cfg);
		cfg_reader_free(rd);
		return NULL;
	}
	cfg_global_defaults(&cfg->global);
	cfg_parse_block(&p, &top_block, cfg, NULL);
	cfg_reader_free(rd);
	if (cfg_diag_errors(diag) == 0)
		cfg_validate(&p, cfg);
	if (cfg_diag_errors(diag) > 0) {
		cfg_free(cfg);
		return NULL;
	}
	return cfg;
}

struct config *cfg_load(const char *path, const struct cfg_load_opts *opts, struct cfg_diag *diag)
{
	struct cfg_reader_opts ro = { .config_id = opts ? opts->config_id : NULL };
	struct cfg_reader *rd = cfg_reader_open(path, &ro, diag);

	return rd ? parse(rd, path, diag) : NULL;
}

struct config *cfg_load_string(const char *name, const char *text,
			       const struct cfg_load_opts *opts, struct cfg_diag *diag)
{
	struct cfg_reader_opts ro = { .config_id = opts ? opts->config_id : NULL };
	struct cfg_reader *rd = cfg_reader_open_string(name, text, &ro, diag);

	return rd ? parse(rd, name, diag) : NULL;
}
