// SPDX-License-Identifier: GPL-2.0-or-later
/* An email alert's message as SMTP's DATA carries it (RFC 5322): the
 * headers, a blank line, the body with CRLF line ends and every line
 * starting with a dot doubled (RFC 5321 4.5.2), then the lone dot that
 * ends it. Pure, unit tested. */
#ifndef KEEL_SMTP_MSG_H
#define KEEL_SMTP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct smtp_msg {
	const char *from;
	const char *const *to;
	size_t nto;
	const char *subject;
	const char *date;		/* smtp_msg_date's */
	const char *body;		/* lines end with LF or CRLF */
};

/* The whole DATA payload, malloc'ed, *len its length; NULL when out of
 * memory. CR and LF in header values become spaces: a name from the
 * config cannot add a header. */
char *smtp_msg_compose(const struct smtp_msg *m, size_t *len);

/* "Tue, 02 Jan 2024 15:04:05 +0100": t in local time when local, else
 * UTC; English names whatever the locale. */
void smtp_msg_date(time_t t, bool local, char *buf, size_t cap);

#endif
