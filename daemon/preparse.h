// SPDX-License-Identifier: GPL-2.0-or-later
/* Parsing the config before SIGHUP asks for it. keeld watches every file
 * and include directory the last parse read (inotify); 100 ms after the
 * last change it parses again on a worker thread and holds the result. On
 * SIGHUP the held result is used only when a fresh stat of every recorded
 * file and a fresh expansion of every include pattern equal the record
 * (cfg_inputs_same): then parsing now would give the same result. Any
 * doubt means parsing now, as without this module. */
#ifndef KEEL_PREPARSE_H
#define KEEL_PREPARSE_H

#include <stdbool.h>
#include <event2/event.h>

#include "cfg.h"
#include "cfg_inputs.h"

/* One parse: the config (NULL on errors), its diagnostics, its inputs. */
struct preparse_result {
	struct config *cfg;
	struct cfg_diag *diag;
	struct cfg_inputs *inputs;
};

/* Parses path now; waited_for: something waits for the result (a SIGHUP),
 * so a big file is read in parts with a thread per CPU (cfg_load_opts'
 * parts), else on this thread alone. NULL only when out of memory. */
struct preparse_result *preparse_run(const char *path, const char *config_id, bool waited_for);
void preparse_result_free(struct preparse_result *r);

struct preparse;

/* NULL on error (logged): keeld then parses on every SIGHUP. */
struct preparse *preparse_new(struct event_base *base, const char *path, const char *config_id);
/* Watches what in says the config depends on (adds to earlier watches). */
void preparse_watch(struct preparse *pp, const struct cfg_inputs *in);
/* The same for the running config's record, which must live until the
 * next call: files still as it read them are not parsed again (the held
 * copy would only cost memory). */
void preparse_loaded(struct preparse *pp, const struct cfg_inputs *in);
/* The held result when it still stands (the caller owns it), else NULL
 * with *why saying why not. The held result is dropped either way. */
struct preparse_result *preparse_take(struct preparse *pp, const char **why);
/* Waits for a parse under way. NULL is fine. */
void preparse_free(struct preparse *pp);

#endif
