// SPDX-License-Identifier: GPL-2.0-or-later
/* An email alert's message (see smtp_msg.h). */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtp_msg.h"

/* The message grows in a memory stream (open_memstream(3)): a failed
 * write shows at the close. */
struct buf {
	FILE *f;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (n)
		fwrite(s, 1, n, b->f);
}

static void puts_(struct buf *b, const char *s)
{
	fputs(s, b->f);
}

/* A header value on one line: CR and LF become spaces. */
static void put_value(struct buf *b, const char *s)
{
	for (const char *e; *s; s = e) {
		e = s + strcspn(s, "\r\n");
		put(b, s, (size_t)(e - s));
		if (*e) {
			put(b, " ", 1);
			e++;
		}
	}
}

static void header(struct buf *b, const char *name, const char *value)
{
	puts_(b, name);
	puts_(b, ": ");
	put_value(b, value ? value : "");
	puts_(b, "\r\n");
}

/* Each line with CRLF, a leading dot doubled. */
static void put_body(struct buf *b, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "\r\n");

		if (s[0] == '.')
			put(b, ".", 1);
		put(b, s, n);
		put(b, "\r\n", 2);
		s += n;
		if (s[0] == '\r' && s[1] == '\n')
			s += 2;
		else if (*s)
			s++;
	}
}

char *smtp_msg_compose(const struct smtp_msg *m, size_t *len)
{
	struct buf b;
	char *p = NULL;
	bool bad;

	b.f = open_memstream(&p, len);
	if (!b.f)
		return NULL;
	header(&b, "From", m->from);
	puts_(&b, "To: ");
	for (size_t i = 0; i < m->nto; i++) {
		if (i)
			puts_(&b, ", ");
		put_value(&b, m->to[i]);
	}
	puts_(&b, "\r\n");
	header(&b, "Subject", m->subject);
	header(&b, "Date", m->date);
	header(&b, "X-Mailer", "keel");
	header(&b, "MIME-Version", "1.0");
	header(&b, "Content-Type", "text/plain; charset=UTF-8");
	puts_(&b, "\r\n");
	put_body(&b, m->body ? m->body : "");
	puts_(&b, ".\r\n");
	bad = ferror(b.f) != 0;
	if (fclose(b.f) != 0 || bad) {
		free(p);
		return NULL;
	}
	return p;
}

void smtp_msg_date(time_t t, bool local, char *buf, size_t cap)
{
	static const char days[][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	long off = 0;

	if (local && localtime_r(&t, &tm))
		off = tm.tm_gmtoff / 60;
	else
		gmtime_r(&t, &tm);
	snprintf(buf, cap, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", days[tm.tm_wday % 7],
		 tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec, off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
}
