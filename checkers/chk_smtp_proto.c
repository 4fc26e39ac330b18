// SPDX-License-Identifier: GPL-2.0-or-later
/* SMTP reply parsing (see chk_smtp.h). */
#include "config.h"

#include <string.h>

#include "chk_smtp.h"

static int digit(char ch)
{
	return ch >= '0' && ch <= '9' ? ch - '0' : -1;
}

enum chk_smtp_parse chk_smtp_reply(const char *buf, size_t len, int *code, size_t *used)
{
	size_t off = 0;
	int first = -1;

	while (off < len) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - buf) : len, l = end - off;
		const char *line = buf + off;
		if (l > 0 && line[l - 1] == '\r')
			l--;
		/* judge what is there before the line ends: a bad start fails early */
		for (size_t i = 0; i < 3 && i < l; i++)
			if (digit(line[i]) < 0)
				return CHK_SMTP_BAD;
		if (!nl)
			return CHK_SMTP_MORE;
		if (l < 3 || (l > 3 && line[3] != '-' && line[3] != ' '))
			return CHK_SMTP_BAD;
		int c = digit(line[0]) * 100 + digit(line[1]) * 10 + digit(line[2]);
		if (first >= 0 && c != first)
			return CHK_SMTP_BAD;
		first = c;
		off = end + 1;
		if (l == 3 || line[3] == ' ') {
			*code = c;
			*used = off;
			return CHK_SMTP_REPLY;
		}
	}
	return CHK_SMTP_MORE;
}
