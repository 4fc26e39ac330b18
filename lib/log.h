// SPDX-License-Identifier: GPL-2.0-or-later
/* Logging to syslog or the console; one line per event. */
#ifndef KEEL_LOG_H
#define KEEL_LOG_H

#include <stdbool.h>

struct log_opts {
	const char *ident;	/* program name in every line */
	bool console;		/* stderr instead of syslog */
	bool detail;		/* log_debug lines too */
	int facility;		/* syslog facility, e.g. LOG_DAEMON */
};

void log_init(const struct log_opts *opts);
void log_close(void);
bool log_to_console(void);
/* Whether log_debug lines are written: for callers whose arguments cost
 * to format. */
bool log_debug_on(void);

/* log_warn appends ": strerror(errno)"; the x variants do not. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* For broken invariants only: logs and exits. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Maps "0".."7" or "local0".."local7" (keepalived's -S) to a facility. */
int log_facility_parse(const char *s, int *facility);

#endif
