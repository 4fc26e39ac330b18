// SPDX-License-Identifier: GPL-2.0-or-later
/* Parses one flat JSON object ({"cmd":"status","json":true}): the request
 * and reply shape of the control socket. Nested values are refused. */
#ifndef KEEL_JSON_FLAT_H
#define KEEL_JSON_FLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_FLAT_MAX 16

enum json_flat_type { JSON_FLAT_STR, JSON_FLAT_INT, JSON_FLAT_BOOL, JSON_FLAT_NULL };

struct json_flat_member {
	char *key;
	enum json_flat_type type;
	char *str;		/* JSON_FLAT_STR, unescaped, NUL-terminated */
	int64_t num;		/* JSON_FLAT_INT */
	bool flag;		/* JSON_FLAT_BOOL */
};

struct json_flat {
	size_t n;
	struct json_flat_member m[JSON_FLAT_MAX];
	char *store;		/* one allocation holding every key and string */
};

/* 0 on success; -1 with *err set to a static message on bad input. */
int json_flat_parse(const char *text, size_t len, struct json_flat *out, const char **err);
void json_flat_free(struct json_flat *f);
const struct json_flat_member *json_flat_get(const struct json_flat *f, const char *key);
/* The string member or NULL when absent or of another type. */
const char *json_flat_str(const struct json_flat *f, const char *key);
bool json_flat_bool(const struct json_flat *f, const char *key, bool dflt);

#endif
