// SPDX-License-Identifier: GPL-2.0-or-later
/* Email alerts on the wire: a small queue of mails sent one after the
 * other to global_defs' smtp_server over a non-blocking connection on
 * keeld's main loop (smtp_proto.h does the talking). Every step waits at
 * most smtp_connect_timeout; a dead or silent server costs one log line
 * per mail and never holds anything else up. When the queue is full a
 * new mail is dropped (logged). */
#ifndef KEEL_SMTP_SEND_H
#define KEEL_SMTP_SEND_H

#include <event2/event.h>

#include "cfg.h"

#define SMTP_SEND_QUEUE 32	/* mails waiting, the one being sent included */

struct smtp_sender;

struct smtp_sender *smtp_sender_new(struct event_base *base);
/* Mails not sent yet are dropped (counted in the log). NULL is fine. */
void smtp_sender_free(struct smtp_sender *s);

/* Queues one mail to conf's server and recipients (copied), from, helo:
 * as they should appear. 0, or -1 (logged) when it cannot be queued. */
int smtp_sender_send(struct smtp_sender *s, const struct cfg_smtp *conf, const char *helo,
		     const char *from, const char *subject, const char *body);

/* Mails delivered and failed so far. */
void smtp_sender_counts(const struct smtp_sender *s, unsigned long *sent, unsigned long *failed);

#endif
