// SPDX-License-Identifier: GPL-2.0-or-later
/* SMTP_CHECK's reply reader, pure and unit tested. */
#ifndef KEEL_CHK_SMTP_H
#define KEEL_CHK_SMTP_H

#include <stddef.h>

/* keepalived's HELO name when helo_name is not set. */
#define CHK_SMTP_DEFAULT_HELO "smtpchecker.keepalived.org"

enum chk_smtp_parse {
	CHK_SMTP_MORE,		/* no complete reply yet */
	CHK_SMTP_REPLY,		/* one reply: *code, *used bytes */
	CHK_SMTP_BAD,		/* not an SMTP reply */
};

/* Reads the reply at the start of buf (RFC 5321 4.2): lines of a 3-digit
 * code, then '-' on every line but the last, which has ' ' or ends there;
 * lines end with LF (CRLF or a bare LF). Every line of a multi-line reply
 * must carry the same code. */
enum chk_smtp_parse chk_smtp_reply(const char *buf, size_t len, int *code, size_t *used);

#endif
