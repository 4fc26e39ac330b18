// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/listener.h>

#include "ctl_server.h"
#include "log.h"

struct ctl_client {
	struct ctl_server *srv;
	struct bufferevent *bev;
	struct ctl_later *later;	/* the reply it waits for, or NULL */
	bool deferred;			/* the request being dispatched was */
	struct ctl_client *next;
};

struct ctl_later {
	struct ctl_client *cl;	/* NULL once the client left */
};

struct ctl_server {
	struct evconnlistener *listener;
	char *path;
	ctl_dispatch_fn *dispatch;
	void *arg;
	struct ctl_client *clients;
	unsigned nclients;
	struct ctl_client *dispatching;	/* during a dispatch */
};

static void client_free(struct ctl_client *cl)
{
	struct ctl_server *srv = cl->srv;

	if (cl->later)
		cl->later->cl = NULL;
	for (struct ctl_client **pp = &srv->clients; *pp; pp = &(*pp)->next) {
		if (*pp == cl) {
			*pp = cl->next;
			break;
		}
	}
	srv->nclients--;
	bufferevent_free(cl->bev);
	free(cl);
}

static void reply_error(struct json_writer *w, const char *msg)
{
	json_kv_bool(w, "ok", false);
	json_kv_str(w, "error", msg);
}

static void write_reply(struct ctl_client *cl, struct json_writer *w)
{
	const char *text = json_text(w);

	if (!text)
		text = "{\"ok\":false,\"error\":\"out of memory\"}";
	bufferevent_write(cl->bev, text, strlen(text));
	bufferevent_write(cl->bev, "\n", 1);
}

static void handle_line(struct ctl_client *cl, const char *line, size_t len)
{
	struct json_writer w;
	struct json_flat req;
	const char *err = NULL;

	json_init(&w);
	json_obj_begin(&w);
	if (json_flat_parse(line, len, &req, &err) < 0) {
		reply_error(&w, err);
	} else {
		/* a deferred reply sent at once can run another client's
		 * requests from inside this dispatch */
		struct ctl_client *outer = cl->srv->dispatching;

		cl->srv->dispatching = cl;
		cl->deferred = false;
		cl->srv->dispatch(cl->srv->arg, &req, &w);
		cl->srv->dispatching = outer;
		json_flat_free(&req);
	}
	json_obj_end(&w);
	if (!cl->deferred)
		write_reply(cl, &w);
	cl->deferred = false;
	json_free(&w);
}

static void on_read(struct bufferevent *bev, void *ctx)
{
	struct ctl_client *cl = ctx;
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t len;
	char *line;

	while (!cl->later && (line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF)) != NULL) {
		handle_line(cl, line, len);
		free(line);
	}
	if (evbuffer_get_length(in) > CTL_MAX_LINE) {
		log_warnx("control socket: request over %d bytes, closing the connection", CTL_MAX_LINE);
		client_free(cl);
	}
}

struct ctl_later *ctl_server_defer(struct ctl_server *srv)
{
	struct ctl_client *cl = srv->dispatching;
	struct ctl_later *l;

	if (!cl || cl->later || !(l = calloc(1, sizeof(*l))))
		return NULL;
	l->cl = cl;
	cl->later = l;
	cl->deferred = true;
	return l;
}

void ctl_later_send(struct ctl_later *l, ctl_dispatch_fn *fn, void *arg)
{
	struct ctl_client *cl = l->cl;
	struct json_writer w;

	free(l);
	if (!cl)
		return;
	cl->later = NULL;
	json_init(&w);
	json_obj_begin(&w);
	fn(arg, NULL, &w);
	json_obj_end(&w);
	write_reply(cl, &w);
	json_free(&w);
	/* the requests that came meanwhile (a dispatch of this client that
	 * replies at once goes back to its own loop over them) */
	if (cl->srv->dispatching != cl)
		on_read(cl->bev, cl);
}

static void on_event(struct bufferevent *bev, short what, void *ctx)
{
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		client_free(ctx);
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd,
		      struct sockaddr *sa, int salen, void *arg)
{
	struct ctl_server *srv = arg;
	struct ctl_client *cl;

	if (srv->nclients >= CTL_MAX_CLIENTS) {
		log_warnx("control socket: %u clients connected, refusing another", srv->nclients);
		close(fd);
		return;
	}
	cl = calloc(1, sizeof(*cl));
	if (!cl) {
		close(fd);
		return;
	}
	cl->srv = srv;
	cl->bev = bufferevent_socket_new(evconnlistener_get_base(l), fd, BEV_OPT_CLOSE_ON_FREE);
	if (!cl->bev) {
		free(cl);
		close(fd);
		return;
	}
	bufferevent_setcb(cl->bev, on_read, NULL, on_event, cl);
	bufferevent_enable(cl->bev, EV_READ);
	cl->next = srv->clients;
	srv->clients = cl;
	srv->nclients++;
}

/* A socket file nobody answers on is left over from a crash: remove it. */
static int clear_stale(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int rc = 0;

	if (fd < 0)
		return -1;
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0) {
		errno = EADDRINUSE;
		rc = -1;
	} else if (errno == ECONNREFUSED) {
		rc = unlink(sa->sun_path);
	}
	close(fd);
	return rc;
}

static int make_parent(const char *path)
{
	char *dir = strdup(path), *slash;
	int rc = 0;

	if (!dir)
		return -1;
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			rc = -1;
	}
	free(dir);
	return rc;
}

static int bind_socket(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old_mask;
	int fd, rc;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	if (make_parent(path) < 0 || clear_stale(&sa) < 0)
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	old_mask = umask(0177);	/* the socket is born 0600: no window at 0777 */
	rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old_mask);
	if (rc < 0 || listen(fd, 16) < 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

struct ctl_server *ctl_server_open(struct event_base *base, const char *path,
				   ctl_dispatch_fn *dispatch, void *arg)
{
	struct ctl_server *srv = calloc(1, sizeof(*srv));
	int fd = -1;

	if (!srv || !(srv->path = strdup(path)))
		goto fail;
	fd = bind_socket(path);
	if (fd < 0) {
		log_warn("control socket %s", path);
		goto fail;
	}
	srv->dispatch = dispatch;
	srv->arg = arg;
	srv->listener = evconnlistener_new(base, on_accept, srv,
					   LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, -1, fd);
	if (!srv->listener) {
		log_warnx("control socket %s: cannot watch it", path);
		close(fd);
		unlink(path);
		goto fail;
	}
	return srv;
fail:
	if (srv)
		free(srv->path);
	free(srv);
	return NULL;
}

void ctl_server_close(struct ctl_server *srv)
{
	if (!srv)
		return;
	while (srv->clients)
		client_free(srv->clients);
	evconnlistener_free(srv->listener);
	unlink(srv->path);
	free(srv->path);
	free(srv);
}
