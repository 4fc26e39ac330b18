// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk_engine.h"
#include "ctl_cmds.h"
#include "ctl_server.h"
#include "ipvs_sync.h"
#include "keeld.h"
#include "metrics.h"
#include "vrrp_thread.h"
#include "bfd_show.h"

/* Each handler writes the reply members after "ok". */
typedef void cmd_fn(struct keeld *k, const struct json_flat *req, struct json_writer *w);

/* keelctl asks for text (its flat reader takes no arrays or objects) */
static bool text_wanted(const struct json_flat *req)
{
	const char *format = json_flat_str(req, "format");

	return format && strcmp(format, "text") == 0;
}

static void cmd_status(struct keeld *k, const struct json_flat *req, struct json_writer *w)
{
	struct status_snapshot s;

	keeld_snapshot(k, &s);
	json_kv_bool(w, "ok", true);
	if (text_wanted(req)) {
		char *text = status_text(&s);
		json_kv_str(w, "text", text ? text : "out of memory\n");
		free(text);
		return;
	}
	json_key(w, "status");
	json_obj_begin(w);
	status_json(&s, w);
	json_obj_end(w);
}

/* Runs the reload before replying, so the reply carries its result. */
static void cmd_reload(struct keeld *k, const struct json_flat *req, struct json_writer *w)
{
	keeld_reload(k);
	json_kv_bool(w, "ok", k->last.ok);
	json_kv_int(w, "errors", k->last.errors);
	json_kv_int(w, "warnings", k->last.warnings);
	if (k->last.first_error)
		json_kv_str(w, "error", k->last.first_error);
}

struct listed {
	const char *text;
	const char *err;
};

static void write_listing(void *arg, const struct json_flat *req, struct json_writer *w)
{
	const struct listed *l = arg;

	(void)req;
	json_kv_bool(w, "ok", l->text != NULL);
	if (l->text)
		json_kv_str(w, "text", l->text);
	else
		json_kv_str(w, "error", l->err);
}

static void on_listing(void *arg, const char *text, const char *err)
{
	struct listed l = { text, err };

	ctl_later_send(arg, write_listing, &l);
}

/* The kernel's table as ipvsadm -Ln prints it, keel's services marked.
 * Read on a worker: the reply comes when it is done. */
static void cmd_ipvs(struct keeld *k, const struct json_flat *req, struct json_writer *w)
{
	struct ctl_later *later;

	if (!k->ipvs) {
		json_kv_bool(w, "ok", false);
		json_kv_str(w, "error", "keeld does not drive IPVS (-P)");
		return;
	}
	later = ctl_server_defer(k->ctl);
	if (!later) {
		json_kv_bool(w, "ok", false);
		json_kv_str(w, "error", "out of memory");
		return;
	}
	ipvs_sync_listing(k->ipvs, on_listing, later);
}

/* The VRRP instances: a text table, or an "instances" array. */
static void cmd_vrrp(struct keeld *k, const struct json_flat *req, struct json_writer *w)
{
	char *text;

	json_kv_bool(w, "ok", true);
	if (text_wanted(req)) {
		text = vrrp_thread_text(k->vrrp);
		json_kv_str(w, "text", text ? text : "out of memory\n");
		free(text);
		return;
	}
	vrrp_thread_json(k->vrrp, w);
}

/* The BFD sessions: a text table, or a "sessions" array. */
static void cmd_bfd(struct keeld *k, const struct json_flat *req, struct json_writer *w)
{
	size_t cap = k->cfg ? k->cfg->nbfds : 0, n;
	struct bfd_view *v = cap ? calloc(cap, sizeof(*v)) : NULL;
	char *text;

	n = v ? keeld_bfd_views(k, v, cap) : 0;
	if (n > cap)
		n = cap;
	json_kv_bool(w, "ok", true);
	if (text_wanted(req)) {
		text = bfd_show_text(v, n);
		json_kv_str(w, "text", text ? text : "out of memory\n");
		free(text);
	} else {
		bfd_show_json(w, v, n);
	}
	free(v);
}

/* Every check run: its real servers, state, last result and counters. */
static void cmd_checks(struct keeld *k, const struct json_flat *req, struct json_writer *w)
{
	char *text;

	if (!k->chk) {
		json_kv_bool(w, "ok", false);
		json_kv_str(w, "error", "keeld runs no checks (-P)");
		return;
	}
	json_kv_bool(w, "ok", true);
	if (text_wanted(req)) {
		text = chk_engine_text(k->chk);
		json_kv_str(w, "text", text ? text : "out of memory\n");
		free(text);
		return;
	}
	json_key(w, "checks");
	chk_engine_json(k->chk, w);
}


/* keelctl drain [SERVER] / undrain SERVER; without a server, the list */
static void cmd_drain(struct keeld *k, const struct json_flat *req, struct json_writer *w)
{
	const char *server = json_flat_str(req, "server");
	bool undo = json_flat_bool(req, "undo", false);
	char *text = NULL, name[INET6_ADDRSTRLEN + 8];
	size_t len = 0, matched = 0;
	struct drain d;
	FILE *f;

	if (server && drain_parse(server, &d) < 0) {
		json_kv_bool(w, "ok", false);
		json_kv_str(w, "error", "not an address or address:port");
		return;
	}
	if (server && (k->opts->vrrp_only || keeld_drain(k, &d, undo, &matched) < 0)) {
		json_kv_bool(w, "ok", false);
		json_kv_str(w, "error", k->opts->vrrp_only ? "keeld runs no IPVS (-P)" : "out of memory");
		return;
	}
	json_kv_bool(w, "ok", true);
	if (server)
		json_kv_int(w, "matched", (int64_t)matched);
	if (!text_wanted(req)) {
		json_key(w, "drained");
		json_arr_begin(w);
		for (size_t i = 0; i < k->drains.n; i++) {
			drain_format(&k->drains.v[i], name, sizeof(name));
			json_str(w, name);
		}
		json_arr_end(w);
		return;
	}
	f = open_memstream(&text, &len);
	if (!f)
		return;
	for (size_t i = 0; i < k->drains.n; i++) {
		drain_format(&k->drains.v[i], name, sizeof(name));
		fprintf(f, "drained %s (%zu real servers)\n", name, drains_count_in(k->cfg, &k->drains.v[i]));
	}
	if (!server && k->drains.n == 0)
		fprintf(f, "no real server is drained\n");
	if (server)
		fprintf(f, "%s %s: %zu real servers of the running config\n", undo ? "undrained" : "drained",
			server, matched);
	if (fclose(f) == 0)
		json_kv_str(w, "text", text);
	free(text);
}

/* Prometheus' text format, in "text" whatever the format asked */
static void cmd_metrics(struct keeld *k, const struct json_flat *req, struct json_writer *w)
{
	struct status_snapshot s;
	struct metrics_in in = { .status = &s };
	struct vrrp_inst_view *views = NULL;
	size_t cap = k->cfg ? k->cfg->nvrrp : 0;
	char *text;

	keeld_snapshot(k, &s);
	if (cap && k->vrrp_views && (views = calloc(cap, sizeof(*views)))) {
		in.nvrrp = k->vrrp_views(k, views, cap);
		if (in.nvrrp > cap)
			in.nvrrp = cap;
		in.vrrp = views;
	}
	if (k->chk) {
		in.cfg = k->cfg;
		in.health = keeld_health(k);
	}
	text = metrics_text(&in);
	json_kv_bool(w, "ok", text != NULL);
	json_kv_str(w, text ? "text" : "error", text ? text : "out of memory");
	free(text);
	free(views);
}

static const struct {
	const char *name;
	cmd_fn *fn;
} cmds[] = {
	{ "bfd", cmd_bfd },
	{ "checks", cmd_checks },
	{ "drain", cmd_drain },
	{ "ipvs", cmd_ipvs },
	{ "metrics", cmd_metrics },
	{ "reload", cmd_reload },
	{ "status", cmd_status },
	{ "vrrp", cmd_vrrp },
};

void ctl_dispatch(void *arg, const struct json_flat *req, struct json_writer *w)
{
	const char *name = json_flat_str(req, "cmd");

	for (size_t i = 0; name && i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(cmds[i].name, name) == 0) {
			cmds[i].fn(arg, req, w);
			return;
		}
	}
	json_kv_bool(w, "ok", false);
	json_kv_str(w, "error", name ? "unknown command" : "missing \"cmd\"");
}
