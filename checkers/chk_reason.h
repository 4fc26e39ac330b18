// SPDX-License-Identifier: GPL-2.0-or-later
/* The texts of probe results, each kept once per engine: ten thousand
 * checks mostly repeat a handful ("connected", "connection refused"), so
 * a check points at a shared copy instead of holding a buffer of its own.
 * The texts a checker can give are a small set (errno texts, HTTP
 * statuses per url, exit statuses), so the set stays small. */
#ifndef KEEL_CHK_REASON_H
#define KEEL_CHK_REASON_H

#include <stddef.h>
#include <stdint.h>

/* The longest text kept; longer ones are cut (as the old 128-byte buffer did). */
#define CHK_REASON_MAX 127

struct chk_reasons {
	char **slot;		/* open addressing; NULL: free */
	size_t size, n;		/* size is 0 or a power of two */
};

/* The shared copy of text, valid until chk_reasons_free(); NULL without memory. */
const char *chk_reason_intern(struct chk_reasons *r, const char *text);
void chk_reasons_free(struct chk_reasons *r);

/* FNV-1a, the engine's hash of texts and check keys. */
uint64_t chk_fnv1a(const void *p, size_t n);

#endif
