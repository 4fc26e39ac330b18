// SPDX-License-Identifier: GPL-2.0-or-later
/* Shared probe-result texts (see chk_reason.h). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chk_reason.h"
#include "hash_rng.h"

uint64_t chk_fnv1a(const void *p, size_t n)
{
	return fnv1a_add(FNV1A_INIT, p, n);
}

static char **find(char **slot, size_t size, const char *s, size_t n)
{
	size_t mask = size - 1;

	for (size_t i = chk_fnv1a(s, n) & mask;; i = (i + 1) & mask)
		if (!slot[i] || (strncmp(slot[i], s, n) == 0 && slot[i][n] == '\0'))
			return &slot[i];
}

/* Kept at most half full, so find() always meets a free slot. */
static int grow(struct chk_reasons *r)
{
	size_t size = r->size ? 2 * r->size : 32;
	char **slot = calloc(size, sizeof(*slot));

	if (!slot)
		return -1;
	for (size_t i = 0; i < r->size; i++)
		if (r->slot[i])
			*find(slot, size, r->slot[i], strlen(r->slot[i])) = r->slot[i];
	free(r->slot);
	r->slot = slot;
	r->size = size;
	return 0;
}

const char *chk_reason_intern(struct chk_reasons *r, const char *text)
{
	size_t n = strnlen(text, CHK_REASON_MAX);
	char **at;

	if (2 * (r->n + 1) > r->size && grow(r) < 0)
		return NULL;
	at = find(r->slot, r->size, text, n);
	if (!*at) {
		char *copy = malloc(n + 1);
		if (!copy)
			return NULL;
		memcpy(copy, text, n);
		copy[n] = '\0';
		*at = copy;
		r->n++;
	}
	return *at;
}

void chk_reasons_free(struct chk_reasons *r)
{
	for (size_t i = 0; i < r->size; i++)
		free(r->slot[i]);
	free(r->slot);
	*r = (struct chk_reasons){ 0 };
}
