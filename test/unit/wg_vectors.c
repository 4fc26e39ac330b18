// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wg_vectors.h"

static uint8_t *unhex(const char *s, size_t *len)
{
	size_t n = strlen(s);
	uint8_t *out;

	if (n == 0 || n % 2 || strspn(s, "0123456789abcdefABCDEF") != n)
		return NULL;
	out = malloc(n / 2);
	for (size_t i = 0; out && i < n / 2; i++) {
		unsigned int b;

		sscanf(s + 2 * i, "%2x", &b);
		out[i] = (uint8_t)b;
	}
	*len = n / 2;
	return out;
}

static int add(struct wg_vectors *v, const char *name, const char *text)
{
	struct wg_vec_item *items = realloc(v->items, (v->n + 1) * sizeof(*items));
	struct wg_vec_item *it;

	if (!items)
		return -1;
	v->items = items;
	it = &items[v->n];
	memset(it, 0, sizeof(*it));
	it->name = strdup(name);
	it->text = strdup(text);
	if (!it->name || !it->text) {
		free(it->name);
		free(it->text);
		return -1;
	}
	it->data = unhex(text, &it->len);
	v->n++;
	return 0;
}

int wg_vectors_load(struct wg_vectors *v, const char *path)
{
	char line[4096];
	FILE *f = fopen(path, "r");
	int rc = 0;

	memset(v, 0, sizeof(*v));
	if (!f)
		return -1;
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '=');

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || !eq)
			continue;
		*eq = '\0';
		rc = add(v, line, eq + 1);
	}
	fclose(f);
	if (rc)
		wg_vectors_free(v);
	return rc;
}

void wg_vectors_free(struct wg_vectors *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->items[i].name);
		free(v->items[i].text);
		free(v->items[i].data);
	}
	free(v->items);
	memset(v, 0, sizeof(*v));
}

const struct wg_vec_item *wg_vectors_get(const struct wg_vectors *v, const char *name, size_t nth)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->items[i].name, name) == 0 && nth-- == 0)
			return &v->items[i];
	return NULL;
}

const uint8_t *wg_vectors_bytes(const struct wg_vectors *v, const char *name, size_t nth,
				size_t len)
{
	const struct wg_vec_item *it = wg_vectors_get(v, name, nth);

	return it && it->data && it->len == len ? it->data : NULL;
}
