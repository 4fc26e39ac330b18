// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

/* The only global state of the logger: set once at start, read everywhere. */
static struct log_opts cur = { .ident = "keel", .console = true, .facility = LOG_DAEMON };

void log_init(const struct log_opts *opts)
{
	cur = *opts;
	if (!cur.console)
		openlog(cur.ident, LOG_PID | LOG_NDELAY, cur.facility);
}

void log_close(void)
{
	if (!cur.console)
		closelog();
}

bool log_to_console(void)
{
	return cur.console;
}

bool log_debug_on(void)
{
	return cur.detail;
}

static void vlog(int prio, const char *fmt, va_list ap, const char *suffix)
{
	static const char *const tag[] = {
		[LOG_ERR] = "error", [LOG_WARNING] = "warning",
		[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
	};
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (!cur.console) {
		syslog(prio, "%s%s%s", msg, suffix ? ": " : "", suffix ? suffix : "");
		return;
	}
	struct timespec ts;
	struct tm tm;
	char when[32];
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ld %s[%s]: %s%s%s\n", when, ts.tv_nsec / 1000000,
		cur.ident, tag[prio], msg, suffix ? ": " : "", suffix ? suffix : "");
}

#define LOG_BODY(prio, suffix)                    \
	do {                                      \
		va_list ap;                       \
		va_start(ap, fmt);                \
		vlog((prio), fmt, ap, (suffix));  \
		va_end(ap);                       \
	} while (0)

void log_warn(const char *fmt, ...)
{
	const char *err = strerror(errno);
	LOG_BODY(LOG_WARNING, err);
}

void log_warnx(const char *fmt, ...)
{
	LOG_BODY(LOG_WARNING, NULL);
}

void log_info(const char *fmt, ...)
{
	LOG_BODY(LOG_INFO, NULL);
}

void log_debug(const char *fmt, ...)
{
	if (cur.detail)
		LOG_BODY(LOG_DEBUG, NULL);
}

void fatal(const char *fmt, ...)
{
	const char *err = strerror(errno);
	LOG_BODY(LOG_ERR, err);
	exit(1);
}

void fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_ERR, NULL);
	exit(1);
}

int log_facility_parse(const char *s, int *facility)
{
	static const int local[] = { LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2, LOG_LOCAL3,
				     LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7 };
	if (strncasecmp(s, "local", 5) == 0)
		s += 5;
	if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0') {
		*facility = local[s[0] - '0'];
		return 0;
	}
	if (strcasecmp(s, "daemon") == 0) {
		*facility = LOG_DAEMON;
		return 0;
	}
	return -1;
}
