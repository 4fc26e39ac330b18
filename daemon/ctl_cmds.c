// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "chk_engine.h"
#include "ctl_cmds.h"
#include "ipvs_sync.h"
#include "keeld.h"
#include "vrrp_thread.h"

/* Each handler writes the reply members after "ok". */
typedef void cmd_fn(struct keeld *k, const struct json_flat *req, struct json_writer *w);

static void cmd_status(struct keeld *k, const struct json_flat *req, struct json_writer *w)
{
	struct status_snapshot s;
	const char *format = json_flat_str(req, "format");

	keeld_snapshot(k, &s);
	json_kv_bool(w, "ok", true);
	if (format && strcmp(format, "text") == 0) {
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

/* The kernel's table as ipvsadm -Ln prints it, keel's services marked. */
static void cmd_ipvs(struct keeld *k, const struct json_flat *req, struct json_writer *w)
{
	const char *err = "keeld does not drive IPVS (-P)";
	char *text = k->ipvs ? ipvs_sync_listing(k->ipvs, &err) : NULL;

	json_kv_bool(w, "ok", text != NULL);
	if (text)
		json_kv_str(w, "text", text);
	else
		json_kv_str(w, "error", err);
	free(text);
}

/* The VRRP instances: a text table, or an "instances" array. */
static void cmd_vrrp(struct keeld *k, const struct json_flat *req, struct json_writer *w)
{
	const char *format = json_flat_str(req, "format");
	char *text;

	json_kv_bool(w, "ok", true);
	if (format && strcmp(format, "text") == 0) {
		text = vrrp_thread_text(k->vrrp);
		json_kv_str(w, "text", text ? text : "out of memory\n");
		free(text);
		return;
	}
	vrrp_thread_json(k->vrrp, w);
}

/* Every check run: its real servers, state, last result and counters. */
static void cmd_checks(struct keeld *k, const struct json_flat *req, struct json_writer *w)
{
	const char *format = json_flat_str(req, "format");
	char *text;

	if (!k->chk) {
		json_kv_bool(w, "ok", false);
		json_kv_str(w, "error", "keeld runs no checks (-P)");
		return;
	}
	json_kv_bool(w, "ok", true);
	if (format && strcmp(format, "text") == 0) {
		text = chk_engine_text(k->chk);
		json_kv_str(w, "text", text ? text : "out of memory\n");
		free(text);
		return;
	}
	json_key(w, "checks");
	chk_engine_json(k->chk, w);
}

static const struct {
	const char *name;
	cmd_fn *fn;
} cmds[] = {
	{ "checks", cmd_checks },
	{ "ipvs", cmd_ipvs },
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
