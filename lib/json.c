// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

void json_init(struct json_writer *w)
{
	memset(w, 0, sizeof(*w));
}

void json_free(struct json_writer *w)
{
	free(w->buf);
	json_init(w);
}

const char *json_text(const struct json_writer *w)
{
	if (w->oom)
		return NULL;
	return w->buf ? w->buf : "";
}

static void put(struct json_writer *w, const char *s, size_t n)
{
	if (w->oom)
		return;
	if (w->len + n + 1 > w->cap) {
		size_t cap = w->cap ? w->cap : 256;
		while (w->len + n + 1 > cap)
			cap *= 2;
		char *nb = realloc(w->buf, cap);
		if (!nb) {
			w->oom = true;
			return;
		}
		w->buf = nb;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static void puts_(struct json_writer *w, const char *s)
{
	put(w, s, strlen(s));
}

/* Every value and key starts here: a comma unless it is the first item. */
static void sep(struct json_writer *w)
{
	if (w->depth == 0)
		return;
	if (w->need_comma[w->depth])
		put(w, ",", 1);
	w->need_comma[w->depth] = true;
}

static void open_(struct json_writer *w, const char *c)
{
	sep(w);
	put(w, c, 1);
	if (w->depth + 1 >= JSON_MAX_DEPTH) {
		w->oom = true;	/* too deep: treat as a failed write */
		return;
	}
	w->depth++;
	w->need_comma[w->depth] = false;
}

static void close_(struct json_writer *w, const char *c)
{
	if (w->depth > 0)
		w->depth--;
	put(w, c, 1);
}

void json_obj_begin(struct json_writer *w) { open_(w, "{"); }
void json_obj_end(struct json_writer *w) { close_(w, "}"); }
void json_arr_begin(struct json_writer *w) { open_(w, "["); }
void json_arr_end(struct json_writer *w) { close_(w, "]"); }

static void put_escaped(struct json_writer *w, const char *s)
{
	put(w, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[8];
		switch (*p) {
		case '"': puts_(w, "\\\""); break;
		case '\\': puts_(w, "\\\\"); break;
		case '\n': puts_(w, "\\n"); break;
		case '\r': puts_(w, "\\r"); break;
		case '\t': puts_(w, "\\t"); break;
		default:
			if (*p < 0x20) {
				snprintf(esc, sizeof(esc), "\\u%04x", *p);
				puts_(w, esc);
			} else {
				put(w, (const char *)p, 1);
			}
		}
	}
	put(w, "\"", 1);
}

void json_key(struct json_writer *w, const char *key)
{
	sep(w);
	put_escaped(w, key);
	put(w, ":", 1);
	/* the value that follows must not add its own comma */
	w->need_comma[w->depth] = false;
}

/* A value after json_key leaves need_comma false; set it after writing. */
static void value_done(struct json_writer *w)
{
	if (w->depth > 0)
		w->need_comma[w->depth] = true;
}

void json_str(struct json_writer *w, const char *s)
{
	sep(w);
	if (s)
		put_escaped(w, s);
	else
		puts_(w, "null");
	value_done(w);
}

void json_int(struct json_writer *w, int64_t v)
{
	char num[24];
	sep(w);
	snprintf(num, sizeof(num), "%" PRId64, v);
	puts_(w, num);
	value_done(w);
}

void json_bool(struct json_writer *w, bool v)
{
	sep(w);
	puts_(w, v ? "true" : "false");
	value_done(w);
}

void json_null(struct json_writer *w)
{
	sep(w);
	puts_(w, "null");
	value_done(w);
}

void json_kv_str(struct json_writer *w, const char *key, const char *s)
{
	json_key(w, key);
	json_str(w, s);
}

void json_kv_int(struct json_writer *w, const char *key, int64_t v)
{
	json_key(w, key);
	json_int(w, v);
}

void json_kv_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	json_bool(w, v);
}
