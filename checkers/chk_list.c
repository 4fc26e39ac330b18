// SPDX-License-Identifier: GPL-2.0-or-later
/* What `keelctl checks` shows: every check run, the real servers using it,
 * its state, last result and counters. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk_engine_int.h"

static const char *unit_state_name(const struct chk_engine_state *st)
{
	if (st->no_ops)
		return "up (no checker)";
	if (st->init_failed)
		return "down (not started)";
	if (st->fsm.up)
		return st->fsm.fails ? "up (retrying)" : "up";
	return st->fsm.oks ? "down (rising)" : "down";
}

static const char *last_name(const struct chk_engine_state *st)
{
	return !st->have_result ? "none" : st->last_ok ? "ok" : "failed";
}

void chk_engine_json(const struct chk_engine *e, struct json_writer *w)
{
	json_arr_begin(w);
	for (size_t i = 0; i < e->nunits; i++) {
		const struct chk_engine_state *st = e->units[i];
		char uname[CHK_UNIT_NAME_LEN];
		json_obj_begin(w);
		json_kv_str(w, "check", chk_unit_name(st, uname));
		json_kv_str(w, "kind", cfg_check_kind_name(st->c.conf->kind));
		json_kv_str(w, "state", unit_state_name(st));
		json_kv_str(w, "last", last_name(st));
		json_kv_str(w, "reason", st->reason);
		json_kv_int(w, "last_at", (int64_t)st->last_at);
		json_kv_int(w, "probes", (int64_t)chk_unit_probes(st));
		json_kv_int(w, "successes", (int64_t)st->successes);
		json_kv_int(w, "failures", (int64_t)st->failures);
		json_kv_int(w, "timeouts", (int64_t)st->timeouts);
		json_kv_int(w, "retries_used", st->fsm.fails);
		json_kv_int(w, "rise_count", st->fsm.oks);
		json_kv_int(w, "dynamic_weight", st->dyn_weight);
		json_key(w, "real_servers");
		json_arr_begin(w);
		for (size_t u = 0; u < st->nusers; u++) {
			const struct chk_rs_rt *rs = &e->rs[chk_unit_user(st, u)];
			char name[CHK_RS_NAME_LEN], vname[CHK_VS_NAME_LEN];
			json_obj_begin(w);
			json_kv_str(w, "rs", chk_rs_name(e, rs, name));
			json_kv_str(w, "vs", chk_vs_name(&e->cfg->vs[rs->v], vname));
			json_kv_bool(w, "alive", rs->alive);
			json_kv_int(w, "weight", rs->weight);
			json_obj_end(w);
		}
		json_arr_end(w);
		json_obj_end(w);
	}
	json_arr_end(w);
}

static void unit_text(FILE *f, const struct chk_engine *e, const struct chk_engine_state *st)
{
	char uname[CHK_UNIT_NAME_LEN];

	fprintf(f, "%s: %s, last %s (%s), probes %llu ok %llu failed %llu timeouts %llu", chk_unit_name(st, uname),
		unit_state_name(st), last_name(st), st->reason, (unsigned long long)chk_unit_probes(st),
		(unsigned long long)st->successes, (unsigned long long)st->failures,
		(unsigned long long)st->timeouts);
	if (st->dyn_weight >= 0)
		fprintf(f, ", dynamic weight %d", st->dyn_weight);
	fputc('\n', f);
	for (size_t u = 0; u < st->nusers; u++) {
		const struct chk_rs_rt *rs = &e->rs[chk_unit_user(st, u)];
		char name[CHK_RS_NAME_LEN], vname[CHK_VS_NAME_LEN];
		fprintf(f, "    rs %s (%s): %s, weight %d\n", chk_rs_name(e, rs, name),
			chk_vs_name(&e->cfg->vs[rs->v], vname),
			rs->alive ? "up" : "down", rs->weight);
	}
}

char *chk_engine_text(const struct chk_engine *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fprintf(f, "%zu checks configured, %zu run\n", e->configured, e->nunits);
	for (size_t i = 0; i < e->nunits; i++)
		unit_text(f, e, e->units[i]);
	for (size_t v = 0; v < e->cfg->nvs; v++) {
		char name[CHK_VS_NAME_LEN];
		fprintf(f, "vs %s: quorum %s\n", chk_vs_name(&e->cfg->vs[v], name),
			e->vs[v].quorum ? "up" : "down");
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
