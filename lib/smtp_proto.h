// SPDX-License-Identifier: GPL-2.0-or-later
/* SMTP, pure: the reply reader SMTP_CHECK and the email alerts share, and
 * the client that delivers one mail, as a state machine fed with what the
 * connection brings (events in) and answering with what to send or
 * whether it is over (actions out). The socket lives elsewhere
 * (daemon/smtp_send.c). */
#ifndef KEEL_SMTP_PROTO_H
#define KEEL_SMTP_PROTO_H

#include <stdbool.h>
#include <stddef.h>

enum smtp_parse {
	SMTP_MORE,		/* no complete reply yet */
	SMTP_REPLY,		/* one reply: *code, *used bytes */
	SMTP_BAD,		/* not an SMTP reply */
};

/* Reads the reply at the start of buf (RFC 5321 4.2): lines of a 3-digit
 * code, then '-' on every line but the last, which has ' ' or ends there;
 * lines end with LF (CRLF or a bare LF). Every line of a multi-line reply
 * must carry the same code. */
enum smtp_parse smtp_reply(const char *buf, size_t len, int *code, size_t *used);

/* One mail: HELO, MAIL FROM, RCPT TO each recipient, DATA. */
struct smtp_envelope {
	const char *helo, *from;
	const char *const *to;
	size_t nto;
	const char *data;		/* smtp_msg_compose's: ends with CRLF.CRLF */
	size_t len;
};

enum smtp_act {
	SMTP_ACT_WAIT,		/* nothing to send: wait for more */
	SMTP_ACT_SEND,		/* send out->data, out->len, then wait */
	SMTP_ACT_DONE,		/* delivered: close */
	SMTP_ACT_FAIL,		/* not delivered: close; error says why */
};

struct smtp_out {
	const char *data;
	size_t len;
};

#define SMTP_IN_MAX 2048	/* a reply's lines; RFC 5321 allows 512 bytes each */

struct smtp_client {
	const struct smtp_envelope *env;	/* must outlive the client */
	int step;
	size_t rcpt, accepted, refused;
	bool delivered;			/* the server took the message */
	char in[SMTP_IN_MAX];
	size_t inlen;
	char line[1024];		/* the command being sent */
	char error[256];		/* set with SMTP_ACT_FAIL */
};

void smtp_client_init(struct smtp_client *c, const struct smtp_envelope *env);
/* The connection is up: wait for the greeting. */
enum smtp_act smtp_client_connected(struct smtp_client *c);
/* Bytes read from the server. */
enum smtp_act smtp_client_input(struct smtp_client *c, const char *buf, size_t len,
				struct smtp_out *out);
/* The server closed, or the connection failed or timed out (why: the
 * cause, for the error): DONE once the message was taken, else FAIL. */
enum smtp_act smtp_client_closed(struct smtp_client *c, const char *why);

#endif
