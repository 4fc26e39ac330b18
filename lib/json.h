// SPDX-License-Identifier: GPL-2.0-or-later
/* A small JSON writer: objects and arrays into a growable buffer, with the
 * commas and escapes handled here so callers only name keys and values. */
#ifndef KEEL_JSON_H
#define KEEL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 32

struct json_writer {
	char *buf;
	size_t len, cap;
	bool oom;			/* sticky: any allocation failed */
	unsigned depth;
	bool need_comma[JSON_MAX_DEPTH];
};

void json_init(struct json_writer *w);
void json_free(struct json_writer *w);
/* The text so far (NUL-terminated), or NULL when memory ran out. */
const char *json_text(const struct json_writer *w);

void json_obj_begin(struct json_writer *w);
void json_obj_end(struct json_writer *w);
void json_arr_begin(struct json_writer *w);
void json_arr_end(struct json_writer *w);
/* Starts a member of the current object; follow it with a value call. */
void json_key(struct json_writer *w, const char *key);
void json_str(struct json_writer *w, const char *s);	/* NULL writes null */
void json_int(struct json_writer *w, int64_t v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

/* Shorthands for "key": value members. */
void json_kv_str(struct json_writer *w, const char *key, const char *s);
void json_kv_int(struct json_writer *w, const char *key, int64_t v);
void json_kv_bool(struct json_writer *w, const char *key, bool v);

#endif
