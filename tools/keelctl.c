// SPDX-License-Identifier: GPL-2.0-or-later
/* keelctl: one request to keeld's control socket, one reply printed. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "json.h"
#include "json_flat.h"
#include "rundir.h"

#define REPLY_MAX (16 * 1024 * 1024)

static void usage(FILE *to)
{
	fprintf(to, "Usage: keelctl [-s SOCKET] [--json] COMMAND [SERVER]\n\n"
		    "Commands:\n"
		    "  status    version, uptime, config, the last load's result, IPVS state\n"
		    "  checks    every health check: real servers, state, last result, counters\n"
		    "  ipvs      the kernel's IPVS table as ipvsadm -Ln shows it; * marks keeld's\n"
		    "  reload    re-read the config (a broken file keeps the old one serving)\n"
		    "  vrrp      VRRP instances: state, priority, VIPs, the master last heard\n"
		    "  bfd       BFD sessions: state, the peer's, intervals, detection time\n"
		    "  metrics   all of it in Prometheus' text format\n"
		    "  drain [SERVER]   weight 0 for SERVER (ADDR, ADDR:PORT, [V6]:PORT) in every\n"
		    "                   virtual server: its flows go on, no new one comes;\n"
		    "                   without SERVER, what is drained\n"
		    "  undrain SERVER   back to the weight its checks give\n\n"
		    "Options:\n"
		    "  -s, --socket PATH  keeld's control socket (default " KEEL_DEFAULT_SOCKET ")\n"
		    "  -j, --json         print the reply as JSON\n"
		    "  -h, --help         this help\n"
		    "  -v, --version      print the version\n");
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 10 };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "keelctl: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "keelctl: cannot reach keeld at %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads up to the first newline; the caller frees the line. */
static char *read_line(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap), *nb;

	while (buf) {
		ssize_t r = recv(fd, buf + n, cap - n - 1, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
		char *nl = memchr(buf, '\n', n);
		if (nl) {
			*nl = '\0';
			*len = (size_t)(nl - buf);
			return buf;
		}
		if (n + 1 == cap) {
			if (cap >= REPLY_MAX)
				break;
			nb = realloc(buf, cap * 2);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
	}
	free(buf);
	return NULL;
}

static int print_reply(const char *cmd, const char *line, size_t len, int json)
{
	struct json_flat rep;
	const char *err = NULL;
	int rc;

	if (json) {
		printf("%s\n", line);
		/* the daemon writes "ok" first; the exit status follows it */
		return strncmp(line, "{\"ok\":true", 10) == 0 ? 0 : 1;
	}
	if (json_flat_parse(line, len, &rep, &err) < 0) {
		fprintf(stderr, "keelctl: unreadable reply from keeld (%s)\n", err);
		return 1;
	}
	rc = json_flat_bool(&rep, "ok", false) ? 0 : 1;
	if (json_flat_str(&rep, "text"))
		fputs(json_flat_str(&rep, "text"), stdout);
	else if (strcmp(cmd, "reload") == 0 && rc == 0)
		printf("reload ok\n");
	if (rc != 0)
		fprintf(stderr, "keelctl: %s failed: %s\n", cmd,
			json_flat_str(&rep, "error") ? json_flat_str(&rep, "error") : "no reason given");
	json_flat_free(&rep);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = KEEL_DEFAULT_SOCKET, *cmd, *server;
	struct json_writer w;
	int c, json = 0, fd, rc = 1;
	char *line;
	size_t len = 0;

	while ((c = getopt_long(argc, argv, "s:jhv", opts, NULL)) != -1) {
		switch (c) {
		case 's': path = optarg; break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return 0;
		case 'v': printf("keelctl %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc || argc - optind > 2) {
		usage(stderr);
		return 2;
	}
	cmd = argv[optind];
	server = optind + 1 < argc ? argv[optind + 1] : NULL;
	if ((server && strcmp(cmd, "drain") != 0 && strcmp(cmd, "undrain") != 0) ||
	    (!server && strcmp(cmd, "undrain") == 0)) {
		usage(stderr);
		return 2;
	}
	fd = connect_to(path);
	if (fd < 0)
		return 1;
	json_init(&w);
	json_obj_begin(&w);
	/* undrain is drain undone */
	json_kv_str(&w, "cmd", strcmp(cmd, "undrain") == 0 ? "drain" : cmd);
	json_kv_str(&w, "format", json ? "json" : "text");
	if (server) {
		json_kv_str(&w, "server", server);
		json_kv_bool(&w, "undo", strcmp(cmd, "undrain") == 0);
	}
	json_obj_end(&w);
	if (!json_text(&w) || send_all(fd, json_text(&w), strlen(json_text(&w))) < 0 ||
	    send_all(fd, "\n", 1) < 0) {
		fprintf(stderr, "keelctl: cannot send to keeld: %s\n", strerror(errno));
	} else if (!(line = read_line(fd, &len))) {
		fprintf(stderr, "keelctl: no reply from keeld\n");
	} else {
		rc = print_reply(cmd, line, len, json);
		free(line);
	}
	json_free(&w);
	close(fd);
	return rc;
}
