// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: the control socket's request parser. */
#include <stddef.h>
#include <stdint.h>

#include "json_flat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_flat f;
	const char *err;

	if (json_flat_parse((const char *)data, size, &f, &err) == 0) {
		for (size_t i = 0; i < f.n; i++)
			(void)json_flat_get(&f, f.m[i].key);
		json_flat_free(&f);
	}
	return 0;
}
