// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reads the WireGuard captures under test/unit/data/wg: "name=value" lines
 * that test/lab/wg_probe --dump wrote, in the order things happened. Hex
 * values are decoded; every value is kept as text too. '#' starts a comment.
 */
#ifndef KEEL_TEST_WG_VECTORS_H
#define KEEL_TEST_WG_VECTORS_H

#include <stddef.h>
#include <stdint.h>

struct wg_vec_item {
	char *name;
	char *text;
	uint8_t *data;		/* NULL unless text is even-length hex */
	size_t len;
};

struct wg_vectors {
	struct wg_vec_item *items;
	size_t n;
};

/* 0, or -1 when the file cannot be read. */
int wg_vectors_load(struct wg_vectors *v, const char *path);
void wg_vectors_free(struct wg_vectors *v);
/* The nth (from 0) item called name, or NULL. */
const struct wg_vec_item *wg_vectors_get(const struct wg_vectors *v, const char *name, size_t nth);
/* Decoded bytes of the nth name when exactly len long, else NULL. */
const uint8_t *wg_vectors_bytes(const struct wg_vectors *v, const char *name, size_t nth,
				size_t len);

#endif
