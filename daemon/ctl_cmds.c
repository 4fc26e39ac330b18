// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ctl_cmds.h"
#include "ipvs_sync.h"
#include "keeld.h"

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

static const struct {
	const char *name;
	cmd_fn *fn;
} cmds[] = {
	{ "ipvs", cmd_ipvs },
	{ "reload", cmd_reload },
	{ "status", cmd_status },
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
