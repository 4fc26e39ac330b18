// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: the config reader and parser on arbitrary text. Includes
 * resolve against a path that does not exist, so the run stays in memory.
 * The text is read twice, whole and cut in parts read at once (cfg_parts.c):
 * a difference in the model or the messages aborts. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "cfg_dump.h"
#include "cfg_inputs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct outcome {
	char *text;		/* the model's dump, then every message */
	unsigned errors, warnings;
	bool random;		/* ${_RANDOM} was drawn: no two reads alike */
};

static struct outcome read_text(const char *text, unsigned parts)
{
	struct cfg_inputs *in = cfg_inputs_new();
	struct cfg_load_opts o = { .config_id = "fuzz", .inputs = in, .parts = parts, .part_min = 1 };
	struct cfg_diag *diag = cfg_diag_new();
	struct config *c = diag ? cfg_load_string("/nonexistent-fuzz/fuzz.conf", text, &o, diag) : NULL;
	struct outcome r = { .errors = cfg_diag_errors(diag), .warnings = cfg_diag_warnings(diag),
			     .random = !in || in->random };
	size_t len = 0;
	FILE *m = open_memstream(&r.text, &len);

	if (m && c) {
		struct json_writer w;

		json_init(&w);
		cfg_dump(c, &w);
		fprintf(m, "%s\n", json_text(&w));
		json_free(&w);
	}
	for (size_t i = 0; m && i < cfg_diag_count(diag); i++)
		fprintf(m, "%s\n", cfg_diag_message(diag, i));
	if (m)
		fclose(m);
	cfg_free(c);
	cfg_diag_free(diag);
	cfg_inputs_free(in);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct outcome whole, cut;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	whole = read_text(text, 1);
	cut = read_text(text, 2 + size % (CFG_PARTS_MAX - 1));
	if (!whole.random && !cut.random && whole.text && cut.text &&
	    (strcmp(whole.text, cut.text) != 0 || whole.errors != cut.errors ||
	     whole.warnings != cut.warnings)) {
		fprintf(stderr, "read in parts differs:\n%s-- read whole --\n%s", cut.text, whole.text);
		abort();
	}
	free(whole.text);
	free(cut.text);
	free(text);
	return 0;
}
