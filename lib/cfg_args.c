// SPDX-License-Identifier: GPL-2.0-or-later
/* Script command lines split into arguments, keepalived.conf(5) "Quoted
 * strings": shell-like quoting with '...' and "...", and C-like escapes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg_reader_int.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The escape after a '\' at s[i - 1]: writes its byte to **out and
 * returns the index after it. */
static size_t unescape(const char *s, size_t i, size_t n, char **out)
{
	static const char simple[] = "a\ab\bE\033f\fn\nr\rt\tv\v";
	const char *m;
	unsigned v = 0, k = 0;

	if (i >= n) {
		*(*out)++ = '\\';
		return i;
	}
	if (s[i] >= '0' && s[i] <= '7') {
		while (k < 3 && i < n && s[i] >= '0' && s[i] <= '7')
			v = v * 8 + (unsigned)(s[i++] - '0'), k++;
		*(*out)++ = (char)(v & 0xff);
		return i;
	}
	if (s[i] == 'x') {
		for (i++; k < 2 && i < n && hexval(s[i]) >= 0; k++)
			v = v * 16 + (unsigned)hexval(s[i++]);
		*(*out)++ = k ? (char)v : 'x';
		return i;
	}
	if (s[i] == 'c' && i + 1 < n) {
		*(*out)++ = (char)(s[i + 1] & 0x1f);
		return i + 2;
	}
	m = s[i] ? memchr(simple, s[i], sizeof(simple) - 1) : NULL;
	if (m && (m - simple) % 2 == 0)
		*(*out)++ = m[1];
	else
		*(*out)++ = s[i];
	return i + 1;
}

char **cfg_split_args(const char *cmd, size_t len, size_t *argc)
{
	size_t max = len / 2 + 2, n = 0, i = 0;
	char **argv = malloc(max * sizeof(char *) + len + max);
	char *out;

	if (!argv)
		return NULL;
	out = (char *)(argv + max);
	for (;;) {
		char q = 0;

		while (i < len && cfg_is_space((unsigned char)cmd[i]))
			i++;
		if (i >= len)
			break;
		argv[n++] = out;
		while (i < len && (q || !cfg_is_space((unsigned char)cmd[i]))) {
			char c = cmd[i++];

			if (c == '\\')
				i = unescape(cmd, i, len, &out);
			else if (q && c == q)
				q = 0;
			else if (!q && (c == '\'' || c == '"'))
				q = c;
			else
				*out++ = c;
		}
		*out++ = '\0';
	}
	argv[n] = NULL;
	*argc = n;
	return argv;
}
