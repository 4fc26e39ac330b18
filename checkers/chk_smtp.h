// SPDX-License-Identifier: GPL-2.0-or-later
/* SMTP_CHECK: replies are read by smtp_reply() (lib/smtp_proto.h), which
 * the email alerts share. */
#ifndef KEEL_CHK_SMTP_H
#define KEEL_CHK_SMTP_H

#include "smtp_proto.h"

/* keepalived's HELO name when helo_name is not set. */
#define CHK_SMTP_DEFAULT_HELO "smtpchecker.keepalived.org"

#endif
