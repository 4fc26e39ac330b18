// SPDX-License-Identifier: GPL-2.0-or-later
/* SMTP replies and the client that sends one mail (see smtp_proto.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "smtp_proto.h"

static int digit(char ch)
{
	return ch >= '0' && ch <= '9' ? ch - '0' : -1;
}

enum smtp_parse smtp_reply(const char *buf, size_t len, int *code, size_t *used)
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
				return SMTP_BAD;
		if (!nl)
			return SMTP_MORE;
		if (l < 3 || (l > 3 && line[3] != '-' && line[3] != ' '))
			return SMTP_BAD;
		int c = digit(line[0]) * 100 + digit(line[1]) * 10 + digit(line[2]);
		if (first >= 0 && c != first)
			return SMTP_BAD;
		first = c;
		off = end + 1;
		if (l == 3 || line[3] == ' ') {
			*code = c;
			*used = off;
			return SMTP_REPLY;
		}
	}
	return SMTP_MORE;
}

/* --- the client: one mail, one command at a time (no pipelining) */

enum step { S_CONNECT, S_GREETING, S_HELO, S_MAIL, S_RCPT, S_DATA, S_BODY, S_QUIT, S_OVER };

static const char *const step_name[] = {
	[S_CONNECT] = "connect", [S_GREETING] = "greeting", [S_HELO] = "HELO",
	[S_MAIL] = "MAIL FROM", [S_RCPT] = "RCPT TO", [S_DATA] = "DATA",
	[S_BODY] = "the message", [S_QUIT] = "QUIT", [S_OVER] = "the end",
};

void smtp_client_init(struct smtp_client *c, const struct smtp_envelope *env)
{
	memset(c, 0, sizeof(*c));
	c->env = env;
	c->step = S_CONNECT;
}

enum smtp_act smtp_client_connected(struct smtp_client *c)
{
	if (c->step == S_CONNECT)
		c->step = S_GREETING;
	return SMTP_ACT_WAIT;
}

static enum smtp_act fail(struct smtp_client *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum smtp_act fail(struct smtp_client *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->error, sizeof(c->error), fmt, ap);
	va_end(ap);
	c->step = S_OVER;
	return SMTP_ACT_FAIL;
}

static enum smtp_act say(struct smtp_client *c, int next, const char *verb, const char *arg,
			 const char *close, struct smtp_out *out)
{
	int n = snprintf(c->line, sizeof(c->line), "%s%s%s\r\n", verb, arg, close);

	if (n < 0 || (size_t)n >= sizeof(c->line))
		return fail(c, "%s: an argument too long", verb);
	c->step = next;
	out->data = c->line;
	out->len = (size_t)n;
	return SMTP_ACT_SEND;
}

/* The next RCPT TO, or DATA once every recipient was asked. */
static enum smtp_act next_rcpt(struct smtp_client *c, struct smtp_out *out)
{
	if (c->rcpt < c->env->nto)
		return say(c, S_RCPT, "RCPT TO:<", c->env->to[c->rcpt++], ">", out);
	if (!c->accepted)
		return fail(c, "RCPT TO: no recipient accepted (%zu refused)", c->refused);
	return say(c, S_DATA, "DATA", "", "", out);
}

/* The text of a reply's first line, for messages: "550 no such user" */
static void reply_text(const char *buf, size_t used, char *text, size_t cap)
{
	size_t l = 0;

	while (l < used && buf[l] != '\r' && buf[l] != '\n')
		l++;
	snprintf(text, cap, "%.*s", (int)l, buf);
}

static enum smtp_act on_reply(struct smtp_client *c, int code, const char *text, struct smtp_out *out)
{
	bool ok = code / 100 == 2;

	switch (c->step) {
	case S_GREETING:
		if (code != 220)
			break;
		return say(c, S_HELO, "HELO ", c->env->helo, "", out);
	case S_HELO:
		if (!ok)
			break;
		return say(c, S_MAIL, "MAIL FROM:<", c->env->from, ">", out);
	case S_MAIL:
		if (!ok)
			break;
		return next_rcpt(c, out);
	case S_RCPT:
		ok ? c->accepted++ : c->refused++;
		return next_rcpt(c, out);
	case S_DATA:
		if (code != 354)
			break;
		c->step = S_BODY;
		out->data = c->env->data;
		out->len = c->env->len;
		return SMTP_ACT_SEND;
	case S_BODY:
		if (!ok)
			break;
		c->delivered = true;
		return say(c, S_QUIT, "QUIT", "", "", out);
	case S_QUIT:
		c->step = S_OVER;
		return SMTP_ACT_DONE;
	default:
		return fail(c, "a reply nobody asked for: %d %s", code, text);
	}
	return fail(c, "%s refused: %d %s", step_name[c->step], code, text);
}

enum smtp_act smtp_client_input(struct smtp_client *c, const char *buf, size_t len,
				struct smtp_out *out)
{
	char text[200];
	size_t used;
	int code;

	if (c->step == S_OVER)
		return c->delivered ? SMTP_ACT_DONE : SMTP_ACT_FAIL;
	if (len > sizeof(c->in) - c->inlen)
		return fail(c, "%s: a reply longer than %d bytes", step_name[c->step], SMTP_IN_MAX);
	memcpy(c->in + c->inlen, buf, len);
	c->inlen += len;
	switch (smtp_reply(c->in, c->inlen, &code, &used)) {
	case SMTP_MORE:
		return SMTP_ACT_WAIT;
	case SMTP_BAD:
		return fail(c, "%s: not an SMTP reply", step_name[c->step]);
	default:
		break;
	}
	reply_text(c->in, used, text, sizeof(text));
	memmove(c->in, c->in + used, c->inlen - used);
	c->inlen -= used;
	return on_reply(c, code, text + (strlen(text) > 4 ? 4 : strlen(text)), out);
}

enum smtp_act smtp_client_closed(struct smtp_client *c, const char *why)
{
	if (c->delivered) {
		c->step = S_OVER;
		return SMTP_ACT_DONE;
	}
	if (c->step != S_OVER)
		fail(c, "%s: %s", step_name[c->step], why);
	return SMTP_ACT_FAIL;
}
