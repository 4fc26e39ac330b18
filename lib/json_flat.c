// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json_flat.h"

struct cursor {
	const char *p, *end;
	char *out;		/* next free byte of the string store */
	const char *err;
};

static void skip_ws(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static int fail(struct cursor *c, const char *msg)
{
	if (!c->err)
		c->err = msg;
	return -1;
}

static int hex4(const char *p, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char h = p[i];
		*v <<= 4;
		if (h >= '0' && h <= '9')
			*v |= (unsigned)(h - '0');
		else if (h >= 'a' && h <= 'f')
			*v |= (unsigned)(h - 'a' + 10);
		else if (h >= 'A' && h <= 'F')
			*v |= (unsigned)(h - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* Writes code point cp as UTF-8; surrogates were already combined. */
static void put_utf8(struct cursor *c, unsigned cp)
{
	if (cp < 0x80) {
		*c->out++ = (char)cp;
	} else if (cp < 0x800) {
		*c->out++ = (char)(0xc0 | (cp >> 6));
		*c->out++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*c->out++ = (char)(0xe0 | (cp >> 12));
		*c->out++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*c->out++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*c->out++ = (char)(0xf0 | (cp >> 18));
		*c->out++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*c->out++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*c->out++ = (char)(0x80 | (cp & 0x3f));
	}
}

static int parse_escape(struct cursor *c)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *hit;
	unsigned cp, lo;

	if (c->p >= c->end)
		return fail(c, "unterminated escape");
	hit = strchr(from, *c->p);
	if (hit && *c->p) {
		*c->out++ = to[hit - from];
		c->p++;
		return 0;
	}
	if (*c->p != 'u' || c->end - c->p < 5 || hex4(c->p + 1, &cp) < 0)
		return fail(c, "bad escape in string");
	c->p += 5;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u' ||
		    hex4(c->p + 2, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
			return fail(c, "unpaired surrogate in string");
		c->p += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	} else if (cp >= 0xdc00 && cp <= 0xdfff) {
		return fail(c, "unpaired surrogate in string");
	}
	if (cp == 0)
		return fail(c, "NUL in string");
	put_utf8(c, cp);
	return 0;
}

/* Unescapes a string into the store; *s points at its first byte. */
static int parse_string(struct cursor *c, char **s)
{
	if (c->p >= c->end || *c->p != '"')
		return fail(c, "expected a string");
	c->p++;
	*s = c->out;
	while (c->p < c->end && *c->p != '"') {
		unsigned char ch = (unsigned char)*c->p;
		if (ch < 0x20)
			return fail(c, "control character in string");
		c->p++;
		if (ch == '\\') {
			if (parse_escape(c) < 0)
				return -1;
		} else {
			*c->out++ = (char)ch;
		}
	}
	if (c->p >= c->end)
		return fail(c, "unterminated string");
	c->p++;
	*c->out++ = '\0';
	return 0;
}

static int parse_word(struct cursor *c, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return fail(c, "unexpected value");
	c->p += n;
	return 0;
}

static int parse_int(struct cursor *c, int64_t *v)
{
	char num[24];
	size_t n = 0;
	char *endp;

	while (c->p + n < c->end && n < sizeof(num) - 1 &&
	       (c->p[n] == '-' || (c->p[n] >= '0' && c->p[n] <= '9')))
		n++;
	if (n == 0)
		return fail(c, "unexpected value");
	memcpy(num, c->p, n);
	num[n] = '\0';
	errno = 0;
	*v = strtoll(num, &endp, 10);
	if (errno || *endp || (num[0] == '-' && n == 1))
		return fail(c, "bad number");
	c->p += n;
	if (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E'))
		return fail(c, "only integers are accepted");
	return 0;
}

static int parse_value(struct cursor *c, struct json_flat_member *m)
{
	if (c->p >= c->end)
		return fail(c, "missing value");
	switch (*c->p) {
	case '"':
		m->type = JSON_FLAT_STR;
		return parse_string(c, &m->str);
	case 't':
		m->type = JSON_FLAT_BOOL;
		m->flag = true;
		return parse_word(c, "true");
	case 'f':
		m->type = JSON_FLAT_BOOL;
		m->flag = false;
		return parse_word(c, "false");
	case 'n':
		m->type = JSON_FLAT_NULL;
		return parse_word(c, "null");
	case '{':
	case '[':
		return fail(c, "nested values are not accepted");
	default:
		m->type = JSON_FLAT_INT;
		return parse_int(c, &m->num);
	}
}

static int parse_members(struct cursor *c, struct json_flat *out)
{
	skip_ws(c);
	if (c->p < c->end && *c->p == '}')
		return c->p++, 0;
	for (;;) {
		if (out->n == JSON_FLAT_MAX)
			return fail(c, "too many members");
		struct json_flat_member *m = &out->m[out->n];
		skip_ws(c);
		if (parse_string(c, &m->key) < 0)
			return -1;
		skip_ws(c);
		if (c->p >= c->end || *c->p++ != ':')
			return fail(c, "expected ':'");
		skip_ws(c);
		if (parse_value(c, m) < 0)
			return -1;
		out->n++;
		skip_ws(c);
		if (c->p >= c->end)
			return fail(c, "unterminated object");
		if (*c->p == '}')
			return c->p++, 0;
		if (*c->p++ != ',')
			return fail(c, "expected ',' or '}'");
	}
}

int json_flat_parse(const char *text, size_t len, struct json_flat *out, const char **err)
{
	struct cursor c = { .p = text, .end = text + len };

	memset(out, 0, sizeof(*out));
	/* Unescaped strings never grow, so the input length bounds the store. */
	out->store = malloc(len + 1);
	if (!out->store) {
		*err = "out of memory";
		return -1;
	}
	c.out = out->store;
	skip_ws(&c);
	if (c.p >= c.end || *c.p++ != '{')
		fail(&c, "expected an object");
	else if (parse_members(&c, out) == 0) {
		skip_ws(&c);
		if (c.p != c.end)
			fail(&c, "trailing characters after the object");
	}
	if (c.err) {
		*err = c.err;
		json_flat_free(out);
		return -1;
	}
	return 0;
}

void json_flat_free(struct json_flat *f)
{
	free(f->store);
	memset(f, 0, sizeof(*f));
}

const struct json_flat_member *json_flat_get(const struct json_flat *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->m[i].key, key) == 0)
			return &f->m[i];
	return NULL;
}

const char *json_flat_str(const struct json_flat *f, const char *key)
{
	const struct json_flat_member *m = json_flat_get(f, key);
	return m && m->type == JSON_FLAT_STR ? m->str : NULL;
}

bool json_flat_bool(const struct json_flat *f, const char *key, bool dflt)
{
	const struct json_flat_member *m = json_flat_get(f, key);
	return m && m->type == JSON_FLAT_BOOL ? m->flag : dflt;
}
