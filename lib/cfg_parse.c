// SPDX-License-Identifier: GPL-2.0-or-later
/* cfg_load: read the file through the reader, dispatch top-level blocks
 * to their tables, then resolve defaults and cross-check (cfg_validate). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_bfd.h"
#include "cfg_block.h"
#include "cfg_global.h"
#include "cfg_lvs.h"
#include "cfg_route.h"
#include "cfg_ssl.h"
#include "cfg_static.h"
#include "cfg_garp.h"
#include "cfg_ifdelay.h"
#include "cfg_netns.h"
#include "cfg_parts.h"
#include "cfg_validate.h"
#include "cfg_vrrp.h"

#define TODO(name, why) { name, 0, CFG_ANY, NULL, NULL, NULL, why }

static void *top_global(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	return &((struct config *)obj)->global;
}

static int top_linkbeat(struct cfg_parser *p, void *obj, const struct cfg_stmt *st)
{
	(void)p, (void)st;
	((struct config *)obj)->global.linkbeat_use_polling = true;
	return 0;
}

static const struct cfg_kw top_kw[] = {
	{ "SSL", 0, 0, NULL, cfg_ssl_open, &cfg_ssl_block, NULL },
	{ "bfd_instance", 1, 1, NULL, cfg_bfd_open, &cfg_bfd_block, NULL },
	TODO("child_wait_time", "process tuning"),
	{ "garp_group", 0, 0, NULL, cfg_garp_group_open, &cfg_garp_group_block, NULL },
	{ "global_defs", 0, 0, NULL, top_global, &cfg_global_block, NULL },
	{ "instance", 1, 1, cfg_netns_kw, NULL, NULL, NULL },
	{ "interface_up_down_delays", 0, 0, NULL, cfg_if_delays_open, &cfg_if_delays_block, NULL },
	{ "linkbeat_use_polling", 0, 0, top_linkbeat, NULL, NULL, NULL },
	{ "namespace_with_ipsets", 0, 0, cfg_netns_kw, NULL, NULL, NULL },
	{ "net_namespace", 1, 1, cfg_netns_kw, NULL, NULL, NULL },
	{ "net_namespace_ipvs", 0, 1, cfg_netns_kw, NULL, NULL, NULL },
	{ "static_ipaddress", 0, 0, NULL, cfg_open_self, &cfg_static_addr_block, NULL },
	{ "static_routes", 0, 0, NULL, cfg_static_rt_open, &cfg_static_routes_block, NULL },
	{ "static_rules", 0, 0, NULL, cfg_static_rt_open, &cfg_static_rules_block, NULL },
	{ "static_track_group", 1, 1, NULL, cfg_track_group_open, &cfg_track_group_block, NULL },
	{ "track_file", 1, 1, NULL, cfg_track_file_open, &cfg_track_file_block, NULL },
	{ "track_group", 1, 1, NULL, cfg_track_group_open, &cfg_track_group_block, NULL },
	{ "track_process", 1, 1, NULL, cfg_track_process_open, &cfg_track_process_block, NULL },
	{ "use_pid_dir", 0, 0, cfg_netns_kw, NULL, NULL, NULL },
	{ "virtual_server", 1, 2, NULL, cfg_vs_open, &cfg_vs_block, NULL },
	{ "virtual_server_group", 1, 1, NULL, cfg_vsg_open, &cfg_vsg_block, NULL },
	{ "vrrp_instance", 1, 1, NULL, cfg_vrrp_open, &cfg_vrrp_block, NULL },
	{ "vrrp_script", 1, 1, NULL, cfg_script_open, &cfg_script_block, NULL },
	{ "vrrp_sync_group", 1, 1, NULL, cfg_sync_open, &cfg_sync_block, NULL },
	{ "vrrp_track_file", 1, 1, NULL, cfg_track_file_open, &cfg_track_file_block, NULL },
	{ "vrrp_track_process", 1, 1, NULL, cfg_track_process_open, &cfg_track_process_block, NULL },
};

static const struct cfg_block top_block = { "the top level", CFG_TABLE(top_kw), NULL, NULL };

/* The keyword a part of a big file reads (cfg_parts.c). */
static const struct cfg_kw *top_vs_kw(void)
{
	for (size_t i = 0; i < top_block.n; i++)
		if (top_block.kw[i].open == cfg_vs_open)
			return &top_block.kw[i];
	return NULL;
}

static struct config *parse(struct cfg_reader *rd, const char *path,
			    const struct cfg_load_opts *opts, struct cfg_diag *diag)
{
	struct config *cfg = calloc(1, sizeof(*cfg));
	struct cfg_parser p = { .rd = rd, .diag = diag, .cfg = cfg, .opts = opts };

	if (!cfg || !(cfg->path = strdup(path))) {
		cfg_diag_error(diag, NULL, "out of memory");
		cfg_free(cfg);
		cfg_reader_free(rd);
		return NULL;
	}
	cfg_global_defaults(&cfg->global);
	cfg_parts_read(&p, &top_block, top_vs_kw(), cfg);
	free(p.rs_scratch);
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
	struct cfg_reader_opts ro = { .config_id = opts ? opts->config_id : NULL,
				      .inputs = opts ? opts->inputs : NULL };
	struct cfg_reader *rd = cfg_reader_open(path, &ro, diag);

	return rd ? parse(rd, path, opts, diag) : NULL;
}

struct config *cfg_load_string(const char *name, const char *text,
			       const struct cfg_load_opts *opts, struct cfg_diag *diag)
{
	struct cfg_reader_opts ro = { .config_id = opts ? opts->config_id : NULL,
				      .inputs = opts ? opts->inputs : NULL };
	struct cfg_reader *rd = cfg_reader_open_string(name, text, &ro, diag);

	return rd ? parse(rd, name, opts, diag) : NULL;
}

/* --- the keyword inventory, for docs/keepalived-compat.md */

struct listed {
	const struct cfg_block *seen[32];
	const char *where[32];
	size_t n;
};

static const char *listed_at(struct listed *l, const struct cfg_block *b, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->seen[i] == b)
			return l->where[i];
	if (l->n < 32) {
		l->seen[l->n] = b;
		l->where[l->n++] = strdup(path);
	}
	return NULL;
}

/* How many keywords of b open sub. */
static size_t openers(const struct cfg_block *b, const struct cfg_block *sub)
{
	size_t n = 0;

	for (size_t i = 0; i < b->n; i++)
		n += b->kw[i].sub == sub;
	return n;
}

/* Lists a block's keywords. A table that several keywords of one block
 * open (every checker kind shares one) is listed once, under its own name
 * in angle brackets, and each of those keywords refers to it; a block
 * reached again from elsewhere refers to where it was listed. */
static void list_block(FILE *out, struct listed *l, const struct cfg_block *b, const char *path)
{
	char sub[256];

	if (b->line)
		fprintf(out, "| `%s` | *(list lines)* | read |\n", path);
	for (size_t i = 0; i < b->n; i++) {
		const struct cfg_kw *kw = &b->kw[i];
		const char *before = NULL;
		bool shared = kw->sub && openers(b, kw->sub) > 1;

		if (shared)
			snprintf(sub, sizeof(sub), "%s <%s>", path, kw->sub->what);
		else
			snprintf(sub, sizeof(sub), "%s %s", path, kw->name);
		if (kw->sub)
			before = listed_at(l, kw->sub, sub);
		fprintf(out, "| `%s` | `%s` | %s%s", path, kw->name,
			kw->todo ? "warned, ignored: " : "read", kw->todo ? kw->todo : "");
		if (kw->sub && (before || shared))
			fprintf(out, " (block: as `%s`)", before ? before : sub);
		else if (kw->sub)
			fprintf(out, " (block)");
		fprintf(out, " |\n");
		if (kw->sub && !before)
			list_block(out, l, kw->sub, sub);
	}
}

void cfg_keywords_markdown(FILE *out)
{
	fprintf(out, "<!-- SPDX-License-Identifier: GPL-2.0-or-later -->\n"
		     "<!-- Generated by `make docs/keepalived-compat.md` from the parser's tables;"
		     " a unit test keeps it current. -->\n"
		     "# keepalived.conf keywords in keel\n\n"
		     "Every keyword keel knows, where it may stand, and what the parser does with it:\n"
		     "**read** into the model (checked, defaults resolved, shown by `keeld -t --dump`), or\n"
		     "**warned, ignored** (parsed, reported with its location as not implemented yet).\n"
		     "A keyword missing here is unknown: keel warns with its location and skips it.\n"
		     "Reading is not yet acting: which parts of the model keeld applies to the\n"
		     "kernel is listed in the README. The checker kinds share one table,\n"
		     "listed once as `<checker>`: a keyword given to a kind it does not apply to\n"
		     "(`url` in a TCP_CHECK) is an error with its location.\n\n"
		     "| block | keyword | status |\n|---|---|---|\n");
	struct listed l = { .n = 0 };

	list_block(out, &l, &top_block, "(top)");
	for (size_t i = 0; i < l.n; i++)
		free((char *)l.where[i]);
}
