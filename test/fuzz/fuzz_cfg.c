// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: the config reader and parser on arbitrary text. Includes
 * resolve against a path that does not exist, so the run stays in memory. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct cfg_diag *diag = cfg_diag_new();

	if (text && diag) {
		memcpy(text, data, size);
		text[size] = '\0';
		cfg_free(cfg_load_string("/nonexistent-fuzz/fuzz.conf", text, NULL, diag));
	}
	cfg_diag_free(diag);
	free(text);
	return 0;
}
