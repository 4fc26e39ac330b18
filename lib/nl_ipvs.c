// SPDX-License-Identifier: GPL-2.0-or-later
/* The IPVS generic-netlink driver: requests out, replies in, on one socket.
 * libnl resolves the family and builds the attributes; the receive loop is
 * ours, so that every reply is matched to its request by sequence number,
 * every length is checked, and a batch of requests in one datagram gets
 * its ACKs sorted back to the operations that caused them. */
#include "config.h"

#include <errno.h>
#include <linux/ip_vs.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "netns.h"
#include "nl_ipvs.h"
#include "nl_ipvs_attr.h"
#include "thread_spawn.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define BATCH_MAX 64		/* requests per datagram: their ACKs must fit the receive buffer */
#define DUMP_TRIES 5		/* attempts at a consistent dump */
#define RECV_BUF (64 * 1024)	/* the kernel sends at most ~32 KiB per datagram */
#define ACK_BUF 1024		/* an ACK or error with NETLINK_CAP_ACK: 36 bytes */
#define SOCK_BUF (1 << 20)	/* asked for; the kernel caps it at its rmem_max */
#define RECV_TIMEOUT_S 10	/* a kernel that never answers must not hang keel */
#define SENDER_STACK (64 * 1024)	/* send_batch's iovecs; replies land in nl->rbuf */

struct nl_ipvs {
	struct nl_sock *sk;
	int fd;
	int family;
	uint32_t port;		/* our netlink port id */
	uint32_t seq;		/* next sequence number */
	uint8_t *rbuf;
	struct nl_ipvs_stats st;
};

/* The outcome of one request. */
struct slot {
	int err;
	bool done;
};

/* Requests in flight, with sequence numbers first .. first + n - 1. */
struct txn {
	uint32_t first;
	size_t n, pending;
	struct slot *slot;
	bool intr;		/* a dump reply carried NLM_F_DUMP_INTR */
	bool acks_only;		/* every reply is an ACK or an error (recv_datagram) */
	int (*on_data)(struct nlmsghdr *h, void *arg);
	void *arg;
	int data_err;		/* first failure of on_data */
};

static int nlerr(int e)
{
	switch (e < 0 ? -e : e) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
	case NLE_NOACCESS:
		return -EPERM;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_AF_NOSUPPORT:
	case NLE_OPNOTSUPP:
		return -EAFNOSUPPORT;
	default:
		return -EIO;
	}
}

/* The IPVS family id, asked on a socket of its own: libnl reads its reply
 * with a 16 KiB buffer, which would set the size of every later dump
 * datagram of the socket it used (recv_datagram). */
static int resolve_family(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	int rc;

	if (!sk)
		return -ENOMEM;
	rc = genl_connect(sk);
	if (rc < 0)
		rc = nlerr(rc);
	else if ((rc = genl_ctrl_resolve(sk, IPVS_GENL_NAME)) < 0)
		rc = -ENOENT;
	nl_socket_free(sk);
	return rc;
}

/* The family and the socket, both in IPVS's namespace (netns.h): the
 * kernel acts on the IPVS of the namespace the socket was made in. */
static int connect_in_ns(struct nl_ipvs *nl)
{
	int back, rc = netns_ipvs_enter(&back);

	if (rc < 0)
		return rc;
	if ((rc = resolve_family()) >= 0) {
		nl->family = rc;
		rc = genl_connect(nl->sk);
		rc = rc < 0 ? nlerr(rc) : 0;
	}
	netns_ipvs_leave(back);
	return rc;
}

int nl_ipvs_open(struct nl_ipvs **out)
{
	struct timeval tv = { .tv_sec = RECV_TIMEOUT_S };
	struct nl_ipvs *nl = calloc(1, sizeof(*nl));
	int one = 1, rc = -ENOMEM;

	*out = NULL;
	if (!nl)
		return -ENOMEM;
	nl->fd = -1;
	if (!(nl->rbuf = malloc(RECV_BUF)) || !(nl->sk = nl_socket_alloc()))
		goto fail;
	if ((rc = connect_in_ns(nl)) < 0)
		goto fail;
	nl->fd = nl_socket_get_fd(nl->sk);
	nl_socket_set_buffer_size(nl->sk, SOCK_BUF, SOCK_BUF);
	/* Error ACKs without a copy of our request: less to receive. */
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	nl->port = nl_socket_get_local_port(nl->sk);
	nl->seq = (uint32_t)time(NULL);
	*out = nl;
	return 0;
fail:
	nl_ipvs_close(nl);
	return rc;
}

int nl_ipvs_open_fd(struct nl_ipvs **out, int fd, int family, uint32_t port, uint32_t seq)
{
	struct nl_ipvs *nl = calloc(1, sizeof(*nl));

	*out = NULL;
	if (!nl || !(nl->rbuf = malloc(RECV_BUF))) {
		free(nl);
		return -ENOMEM;
	}
	nl->fd = fd;
	nl->family = family;
	nl->port = port;
	nl->seq = seq;
	*out = nl;
	return 0;
}

void nl_ipvs_close(struct nl_ipvs *nl)
{
	if (!nl)
		return;
	if (nl->sk)
		nl_socket_free(nl->sk);	/* closes its fd */
	else if (nl->fd >= 0)
		close(nl->fd);
	free(nl->rbuf);
	free(nl);
}

const struct nl_ipvs_stats *nl_ipvs_stats(const struct nl_ipvs *nl)
{
	return &nl->st;
}

static struct nl_msg *request(struct nl_ipvs *nl, uint8_t cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc_size(NL_IPVS_MSG_SIZE);

	if (m && !genlmsg_put(m, nl->port, 0, nl->family, 0, flags | NLM_F_REQUEST, cmd,
			      IPVS_GENL_VERSION)) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

/* Sends m[0..n) in one datagram under consecutive sequence numbers,
 * gathered from the messages themselves (no copy). */
static int send_batch(struct nl_ipvs *nl, struct nl_msg **m, size_t n, uint32_t *first)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct iovec iov[BATCH_MAX];
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = n };
	size_t len = 0;
	ssize_t sent;

	if (n > BATCH_MAX)
		return -EINVAL;
	if (nl->sk) {
		mh.msg_name = &kernel;
		mh.msg_namelen = sizeof(kernel);
	}
	*first = nl->seq;
	for (size_t i = 0; i < n; i++) {
		struct nlmsghdr *h = nlmsg_hdr(m[i]);

		h->nlmsg_seq = nl->seq++;
		h->nlmsg_pid = nl->port;
		/* libnl pads every attribute: the length is aligned */
		iov[i] = (struct iovec){ .iov_base = h, .iov_len = NLMSG_ALIGN(h->nlmsg_len) };
		len += iov[i].iov_len;
	}
	do
		sent = sendmsg(nl->fd, &mh, 0);
	while (sent < 0 && errno == EINTR);
	if (sent < 0)
		return -errno;
	nl->st.requests += n;
	nl->st.sends++;
	for (size_t i = 0; i < n; i++)
		nl->st.dump_requests += (nlmsg_hdr(m[i])->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	return (size_t)sent == len ? 0 : -EIO;
}

/* The length of the next datagram, without taking it. */
static ssize_t peek_len(int fd)
{
	ssize_t n;

	do
		n = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -ETIMEDOUT : -errno;
	return n < RECV_BUF ? n : RECV_BUF;
}

/* One datagram from the kernel into nl->rbuf: its length or -errno.
 * The kernel makes each dump datagram of a socket as large as the largest
 * read that socket has made (up to 32 KiB), and Debian's kernels zero
 * every allocation: with 64 KiB reads, each service's dest dump cost two
 * 32 KiB clears, a fifth of keeld's CPU around a drift check of 2,500
 * services in the lab. So a read takes what the datagram holds, learnt
 * with a peek, and the kernel keeps its one-page datagrams; ACKs, which
 * come by the thousand when a big table is programmed, skip the peek. */
static ssize_t recv_datagram(struct nl_ipvs *nl, bool acks_only)
{
	struct sockaddr_nl from = { 0 };
	struct iovec iov = { .iov_base = nl->rbuf };
	struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from),
			     .msg_iov = &iov, .msg_iovlen = 1 };

	for (;;) {
		ssize_t n = acks_only ? ACK_BUF : peek_len(nl->fd);

		if (n < 0)
			return n;
		iov.iov_len = (size_t)n;
		from = (struct sockaddr_nl){ 0 };
		mh.msg_namelen = sizeof(from);
		n = recvmsg(nl->fd, &mh, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EWOULDBLOCK ? -ETIMEDOUT : -errno;
		if ((mh.msg_flags & MSG_TRUNC) && acks_only && from.nl_pid == 0)
			continue;	/* no ACK is that long: a late reply to an abandoned dump */
		if (mh.msg_flags & MSG_TRUNC)
			return -EMSGSIZE;
		if (from.nl_pid == 0)
			return n;
		/* Not from the kernel: nothing of ours. */
	}
}

/* An NLMSG_ERROR: 0 for an ACK, else the kernel's -errno. */
static int ack_status(const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return -EBADMSG;
	return e->error <= 0 && e->error >= -4095 ? e->error : -EPROTO;
}

/* An NLMSG_DONE may carry the dump's own error. */
static int done_status(const struct nlmsghdr *h)
{
	int v;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(v)))
		return 0;
	memcpy(&v, NLMSG_DATA(h), sizeof(v));
	return v < 0 && v >= -4095 ? v : 0;
}

static void txn_msg(struct nl_ipvs *nl, struct txn *tx, struct nlmsghdr *h)
{
	uint32_t i = h->nlmsg_seq - tx->first;

	/* Late replies to an abandoned request are not ours any more. */
	if (h->nlmsg_pid != nl->port || i >= tx->n || tx->slot[i].done)
		return;
	if (h->nlmsg_flags & NLM_F_DUMP_INTR)
		tx->intr = true;
	if (h->nlmsg_type == NLMSG_ERROR || h->nlmsg_type == NLMSG_DONE) {
		tx->slot[i].err = h->nlmsg_type == NLMSG_ERROR ? ack_status(h) : done_status(h);
		tx->slot[i].done = true;
		tx->pending--;
		return;
	}
	if (h->nlmsg_type == NLMSG_NOOP || tx->data_err)
		return;
	if (h->nlmsg_type != nl->family || !tx->on_data) {
		log_warnx("ipvs: unexpected netlink message type %u", h->nlmsg_type);
		tx->data_err = -EBADMSG;
		return;
	}
	tx->data_err = tx->on_data(h, tx->arg);
}

/* Reads until every request of tx has its ACK, error or DONE. */
static int txn_wait(struct nl_ipvs *nl, struct txn *tx)
{
	while (tx->pending) {
		ssize_t n = recv_datagram(nl, tx->acks_only);
		struct nlmsghdr *h = (struct nlmsghdr *)nl->rbuf;
		int rem = (int)n;

		if (n < 0)
			return (int)n;
		for (; nlmsg_ok(h, rem); h = nlmsg_next(h, &rem))
			txn_msg(nl, tx, h);
		if (rem > 0) {
			log_warnx("ipvs: %d stray bytes after the last netlink message", rem);
			return -EBADMSG;
		}
	}
	return 0;
}

/* One request, its replies to on_data; the kernel's error, or on_data's. */
static int call(struct nl_ipvs *nl, struct nl_msg *m, int (*on_data)(struct nlmsghdr *, void *),
		void *arg, bool *intr)
{
	struct slot s = { 0 };
	struct txn tx = { .n = 1, .pending = 1, .slot = &s, .on_data = on_data, .arg = arg };
	int rc = send_batch(nl, &m, 1, &tx.first);

	if (rc == 0)
		rc = txn_wait(nl, &tx);
	if (intr)
		*intr = tx.intr;
	return rc ? rc : s.err ? s.err : tx.data_err;
}

/* A request with an optional service key, answered by ACK or by a dump. */
static int simple(struct nl_ipvs *nl, uint8_t cmd, int flags, const struct ipvs_service *key,
		  int (*on_data)(struct nlmsghdr *, void *), void *arg, bool *intr)
{
	struct nl_msg *m = request(nl, cmd, flags);
	int rc;

	if (!m)
		return -ENOMEM;
	rc = key ? nl_ipvs_put_service(m, key, false) : 0;
	if (rc == 0)
		rc = call(nl, m, on_data, arg, intr);
	nlmsg_free(m);
	return rc;
}

/* Checks the generic-netlink header and its command before any parsing. */
static int expect_cmd(struct nlmsghdr *h, uint8_t cmd)
{
	if (!genlmsg_valid_hdr(h, 0) || genlmsg_hdr(h)->cmd != cmd) {
		log_warnx("ipvs: reply is not the expected command %u", cmd);
		return -EBADMSG;
	}
	return 0;
}

static int parse_failed(const char *what, const char *why)
{
	log_warnx("ipvs: bad %s from the kernel: %s", what, why ? why : "?");
	return -EBADMSG;
}

static int on_info(struct nlmsghdr *h, void *arg)
{
	const char *why = NULL;

	if (expect_cmd(h, IPVS_CMD_SET_INFO))
		return -EBADMSG;
	return nl_ipvs_parse_info(h, arg, &why) ? parse_failed("info", why) : 0;
}

int nl_ipvs_info(struct nl_ipvs *nl, struct ipvs_info *info)
{
	*info = (struct ipvs_info){ 0 };
	return simple(nl, IPVS_CMD_GET_INFO, NLM_F_ACK, NULL, on_info, info, NULL);
}

/* A dump, restarted while the kernel says it was interrupted. */
static int dump(struct nl_ipvs *nl, uint8_t cmd, const struct ipvs_service *key,
		int (*on_data)(struct nlmsghdr *, void *), void *arg, void (*reset)(void *))
{
	for (int tries = 1;; tries++) {
		bool intr = false;
		int rc = simple(nl, cmd, NLM_F_DUMP, key, on_data, arg, &intr);

		if (rc || !intr)
			return rc;
		if (tries == DUMP_TRIES)
			return -EAGAIN;
		nl->st.dump_retries++;
		reset(arg);
	}
}

static int on_service(struct nlmsghdr *h, void *arg)
{
	struct ipvs_service svc;
	const char *why = NULL;

	if (expect_cmd(h, IPVS_CMD_NEW_SERVICE))
		return -EBADMSG;
	if (nl_ipvs_parse_service(h, &svc, &why))
		return parse_failed("service", why);
	return ipvs_table_append(arg, &svc) ? 0 : -ENOMEM;
}

static void reset_table(void *arg)
{
	ipvs_table_free(arg);
}

/* The kernel resumes a multi-part dump by index, so a concurrent change can
 * repeat an entry without flagging the dump: a duplicate key means "again". */
int nl_ipvs_dump_services(struct nl_ipvs *nl, struct ipvs_table *t)
{
	int rc = -EAGAIN;

	*t = (struct ipvs_table){ 0 };
	for (int tries = 0; tries < DUMP_TRIES && rc == -EAGAIN; tries++) {
		if (tries)
			nl->st.dump_retries++;
		ipvs_table_free(t);
		rc = dump(nl, IPVS_CMD_GET_SERVICE, NULL, on_service, t, reset_table);
		if (rc == 0 && ipvs_table_sort(t) == -EEXIST)
			rc = -EAGAIN;
	}
	if (rc)
		ipvs_table_free(t);
	return rc;
}

static int on_dest(struct nlmsghdr *h, void *arg)
{
	struct ipvs_entry *e = arg;
	struct ipvs_dest d;
	const char *why = NULL;

	if (expect_cmd(h, IPVS_CMD_NEW_DEST))
		return -EBADMSG;
	if (nl_ipvs_parse_dest(h, e->svc.af, &d, &why))
		return parse_failed("dest", why);
	return ipvs_entry_append(e, &d) ? 0 : -ENOMEM;
}

static void reset_dests(void *arg)
{
	((struct ipvs_entry *)arg)->ndests = 0;
}

int nl_ipvs_dump_dests(struct nl_ipvs *nl, struct ipvs_entry *e)
{
	int rc = -EAGAIN;

	for (int tries = 0; tries < DUMP_TRIES && rc == -EAGAIN; tries++) {
		if (tries)
			nl->st.dump_retries++;
		e->ndests = 0;
		rc = dump(nl, IPVS_CMD_GET_DEST, &e->svc, on_dest, e, reset_dests);
		if (rc == 0 && ipvs_entry_sort(e) == -EEXIST)
			rc = -EAGAIN;
	}
	if (rc)
		e->ndests = 0;
	/* a dump is kept as keeld's record of the kernel (ipvs_sync.c): its
	 * growth slack would be a quarter of it with 100 dests a service */
	ipvs_entry_fit(e);
	return rc;
}

int nl_ipvs_dump(struct nl_ipvs *nl, struct ipvs_table *t)
{
	int rc = nl_ipvs_dump_services(nl, t);

	for (size_t i = 0; rc == 0 && i < t->n; i++)
		rc = nl_ipvs_dump_dests(nl, &t->ent[i]);
	if (rc)
		ipvs_table_free(t);
	return rc;
}

/* --- operations ---------------------------------------------------------- */

static int op_msg(struct nl_ipvs *nl, const struct ipvs_op *op, struct nl_msg **out)
{
	static const uint8_t cmd[] = {
		[IPVS_OP_ADD_SVC] = IPVS_CMD_NEW_SERVICE, [IPVS_OP_EDIT_SVC] = IPVS_CMD_SET_SERVICE,
		[IPVS_OP_DEL_SVC] = IPVS_CMD_DEL_SERVICE, [IPVS_OP_ADD_DEST] = IPVS_CMD_NEW_DEST,
		[IPVS_OP_EDIT_DEST] = IPVS_CMD_SET_DEST, [IPVS_OP_DEL_DEST] = IPVS_CMD_DEL_DEST,
	};
	bool svc_full = op->kind == IPVS_OP_ADD_SVC || op->kind == IPVS_OP_EDIT_SVC;
	bool dest = op->kind >= IPVS_OP_ADD_DEST, dest_full = dest && op->kind != IPVS_OP_DEL_DEST;
	int rc;

	if ((unsigned)op->kind > IPVS_OP_DEL_DEST)
		return -EINVAL;
	/* What the kernel could never take is refused here, named like the rest. */
	if ((svc_full && ipvs_service_check(&op->svc)) || (dest_full && ipvs_dest_check(&op->dest)))
		return -EINVAL;
	if (!(*out = request(nl, cmd[op->kind], NLM_F_ACK)))
		return -ENOMEM;
	rc = nl_ipvs_put_service(*out, &op->svc, svc_full);
	if (rc == 0 && dest)
		rc = nl_ipvs_put_dest(*out, &op->dest, dest_full);
	if (rc) {
		nlmsg_free(*out);
		*out = NULL;
	}
	return rc;
}

/* Up to BATCH_MAX ops built as one datagram: the requests, and for each
 * its op (an index into the caller's slots) and its outcome. */
struct batch {
	struct nl_msg *m[BATCH_MAX];
	struct slot s[BATCH_MAX];
	size_t map[BATCH_MAX];
	size_t k;
};

/* Builds the requests of op[0..n) (op[0] is op number first); an op the
 * kernel could never take gets its outcome in slot[] at once. */
static void batch_build(struct nl_ipvs *nl, struct batch *b, const struct ipvs_op *op, size_t n,
			size_t first, struct slot *slot)
{
	b->k = 0;
	for (size_t i = 0; i < n; i++) {
		int err = op_msg(nl, &op[i], &b->m[b->k]);

		if (err) {
			slot[first + i] = (struct slot){ .err = err, .done = true };
		} else {
			b->s[b->k] = (struct slot){ 0 };
			b->map[b->k++] = first + i;
		}
	}
}

/* Sends a built batch and reads its ACKs: 0, or -errno when the socket
 * failed (unconfirmed ops stay not done). */
static int batch_send(struct nl_ipvs *nl, struct batch *b)
{
	struct txn tx = { .slot = b->s, .acks_only = true, .n = b->k, .pending = b->k };
	int rc;

	if (b->k == 0)
		return 0;
	rc = send_batch(nl, b->m, b->k, &tx.first);
	return rc ? rc : txn_wait(nl, &tx);
}

/* The outcomes into slot[]; the requests freed. */
static void batch_done(struct batch *b, struct slot *slot)
{
	for (size_t j = 0; j < b->k; j++) {
		slot[b->map[j]] = b->s[j];
		nlmsg_free(b->m[j]);
	}
	b->k = 0;
}

/* --- many batches: the kernel takes one while the next is built ---------- */

/* Building a batch is a fifth of programming a big table in the lab (76
 * of 360 ms for 11,000 ops), the kernel's own work most of the rest: a
 * sender thread hands each batch to the kernel and reads its ACKs while
 * the calling thread builds the next. The kernel still sees the batches
 * one after the other, in order, on the one socket. */
struct pipe {
	struct nl_ipvs *nl;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch b[2];
	bool full[2];		/* built and not yet answered: the sender's */
	unsigned next;		/* the batch the sender takes next */
	bool end;		/* nothing more will be built */
	int rc;			/* the socket's failure: nothing more is sent */
};

static void *pipe_sender(void *arg)
{
	struct pipe *p = arg;

	for (;;) {
		struct batch *b;
		int rc;

		pthread_mutex_lock(&p->mu);
		while (!p->full[p->next] && !p->end)
			pthread_cond_wait(&p->cv, &p->mu);
		if (!p->full[p->next]) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		b = &p->b[p->next];
		rc = p->rc;
		pthread_mutex_unlock(&p->mu);
		if (rc == 0)
			rc = batch_send(p->nl, b);
		pthread_mutex_lock(&p->mu);
		if (rc && !p->rc)
			p->rc = rc;
		p->full[p->next] = false;
		p->next ^= 1;
		pthread_cond_signal(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

/* nl_ipvs_apply's work with a sender thread, its result (0 or the
 * socket's -errno) in *rc; false when no thread could be had, before
 * anything was built or sent. */
static bool apply_pipelined(struct nl_ipvs *nl, const struct ipvs_ops *ops, struct slot *slot, int *rc)
{
	struct pipe *p = calloc(1, sizeof(*p));
	pthread_t sender;
	unsigned fill = 0;
	bool started = false;

	if (!p)
		return false;
	p->nl = nl;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (thread_spawn(&sender, SENDER_STACK, "keel-ipvs-send", pipe_sender, p) != 0)
		goto out;
	started = true;
	for (size_t i = 0; i < ops->n; i += BATCH_MAX) {
		size_t n = ops->n - i < BATCH_MAX ? ops->n - i : BATCH_MAX;

		bool failed;

		pthread_mutex_lock(&p->mu);
		while (p->full[fill])
			pthread_cond_wait(&p->cv, &p->mu);
		failed = p->rc != 0;
		pthread_mutex_unlock(&p->mu);
		batch_done(&p->b[fill], slot);	/* its last round's outcomes */
		if (failed)
			break;
		batch_build(nl, &p->b[fill], &ops->op[i], n, i, slot);
		if (p->b[fill].k == 0)
			continue;
		pthread_mutex_lock(&p->mu);
		p->full[fill] = true;
		pthread_cond_signal(&p->cv);
		pthread_mutex_unlock(&p->mu);
		fill ^= 1;
	}
	pthread_mutex_lock(&p->mu);
	p->end = true;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(sender, NULL);
	batch_done(&p->b[0], slot);
	batch_done(&p->b[1], slot);
	*rc = p->rc;
out:
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
	return started;
}

/* Refusals name their objects, a few at a time: a plan of thousands that
 * all fail for one reason must not bury the log. */
#define LOG_FAILED_MAX 16

static void log_failures(const struct ipvs_ops *ops, const struct slot *slot, int rc)
{
	size_t refused = 0, unconfirmed = 0;
	char msg[IPVS_OP_DESC_LEN + 128];

	for (size_t i = 0; i < ops->n; i++) {
		if (!slot[i].done) {
			unconfirmed++;
		} else if (slot[i].err && refused++ < LOG_FAILED_MAX) {
			log_warnx("ipvs: %s", nl_ipvs_op_error(&ops->op[i], slot[i].err, msg, sizeof(msg)));
		}
	}
	if (refused > LOG_FAILED_MAX)
		log_warnx("ipvs: %zu more operations refused", refused - LOG_FAILED_MAX);
	if (unconfirmed)
		log_warnx("ipvs: netlink failed, %zu of %zu operations unconfirmed: %s", unconfirmed,
			  ops->n, strerror(-rc));
}

int nl_ipvs_apply(struct nl_ipvs *nl, const struct ipvs_ops *ops, int *errs)
{
	struct slot *slot;
	int rc = 0, failed = 0;

	if (ops->n == 0)
		return 0;
	if (!(slot = calloc(ops->n, sizeof(*slot))))
		return -ENOMEM;
	if (ops->n <= BATCH_MAX || !apply_pipelined(nl, ops, slot, &rc)) {
		struct batch b;

		for (size_t i = 0; i < ops->n && rc == 0; i += BATCH_MAX) {
			size_t n = ops->n - i < BATCH_MAX ? ops->n - i : BATCH_MAX;

			batch_build(nl, &b, &ops->op[i], n, i, slot);
			rc = batch_send(nl, &b);
			batch_done(&b, slot);
		}
	}
	for (size_t i = 0; i < ops->n; i++) {
		int err = slot[i].done ? slot[i].err : rc;

		if (errs)
			errs[i] = err;
		failed += err != 0;
	}
	log_failures(ops, slot, rc);
	free(slot);
	return rc ? rc : failed;
}

static int one_op(struct nl_ipvs *nl, enum ipvs_op_kind kind, const struct ipvs_service *svc,
		  const struct ipvs_dest *d)
{
	struct ipvs_op op = { .kind = kind, .svc = *svc };
	struct ipvs_ops ops = { .op = &op, .n = 1, .cap = 1 };
	int err = 0, rc;

	if (d)
		op.dest = *d;
	rc = nl_ipvs_apply(nl, &ops, &err);
	return rc < 0 ? rc : err;
}

int nl_ipvs_add_service(struct nl_ipvs *nl, const struct ipvs_service *svc)
{
	return one_op(nl, IPVS_OP_ADD_SVC, svc, NULL);
}

int nl_ipvs_edit_service(struct nl_ipvs *nl, const struct ipvs_service *svc)
{
	return one_op(nl, IPVS_OP_EDIT_SVC, svc, NULL);
}

int nl_ipvs_del_service(struct nl_ipvs *nl, const struct ipvs_service *svc)
{
	return one_op(nl, IPVS_OP_DEL_SVC, svc, NULL);
}

int nl_ipvs_add_dest(struct nl_ipvs *nl, const struct ipvs_service *svc, const struct ipvs_dest *d)
{
	return one_op(nl, IPVS_OP_ADD_DEST, svc, d);
}

int nl_ipvs_edit_dest(struct nl_ipvs *nl, const struct ipvs_service *svc, const struct ipvs_dest *d)
{
	return one_op(nl, IPVS_OP_EDIT_DEST, svc, d);
}

int nl_ipvs_del_dest(struct nl_ipvs *nl, const struct ipvs_service *svc, const struct ipvs_dest *d)
{
	return one_op(nl, IPVS_OP_DEL_DEST, svc, d);
}

int nl_ipvs_flush(struct nl_ipvs *nl)
{
	return simple(nl, IPVS_CMD_FLUSH, NLM_F_ACK, NULL, NULL, NULL, NULL);
}

/* --- timeouts and the sync daemon ---------------------------------------- */

static int on_config(struct nlmsghdr *h, void *arg)
{
	const char *why = NULL;

	if (expect_cmd(h, IPVS_CMD_SET_CONFIG))
		return -EBADMSG;
	return nl_ipvs_parse_timeouts(h, arg, &why) ? parse_failed("timeouts", why) : 0;
}

int nl_ipvs_get_timeouts(struct nl_ipvs *nl, struct ipvs_timeouts *to)
{
	*to = (struct ipvs_timeouts){ 0 };
	return simple(nl, IPVS_CMD_GET_CONFIG, NLM_F_ACK, NULL, on_config, to, NULL);
}

/* A request whose attributes one filler adds, answered by a plain ACK. */
static int send_with(struct nl_ipvs *nl, uint8_t cmd, int (*fill)(struct nl_msg *, const void *),
		     const void *arg)
{
	struct nl_msg *m = request(nl, cmd, NLM_F_ACK);
	int rc;

	if (!m)
		return -ENOMEM;
	rc = fill(m, arg);
	if (rc == 0)
		rc = call(nl, m, NULL, NULL, NULL);
	nlmsg_free(m);
	return rc;
}

static int fill_timeouts(struct nl_msg *m, const void *arg)
{
	return nl_ipvs_put_timeouts(m, arg);
}

int nl_ipvs_set_timeouts(struct nl_ipvs *nl, const struct ipvs_timeouts *to)
{
	return send_with(nl, IPVS_CMD_SET_CONFIG, fill_timeouts, to);
}

static int fill_daemon_start(struct nl_msg *m, const void *arg)
{
	return nl_ipvs_put_daemon(m, arg, true);
}

static int fill_daemon_stop(struct nl_msg *m, const void *arg)
{
	return nl_ipvs_put_daemon(m, arg, false);
}

int nl_ipvs_start_daemon(struct nl_ipvs *nl, const struct ipvs_daemon *d)
{
	if (d->state != IPVS_DAEMON_MASTER && d->state != IPVS_DAEMON_BACKUP)
		return -EINVAL;
	return send_with(nl, IPVS_CMD_NEW_DAEMON, fill_daemon_start, d);
}

int nl_ipvs_stop_daemon(struct nl_ipvs *nl, enum ipvs_daemon_state state)
{
	struct ipvs_daemon d = { .state = state };

	return send_with(nl, IPVS_CMD_DEL_DAEMON, fill_daemon_stop, &d);
}

struct daemons {
	struct ipvs_daemon *d;
	size_t max, n;
};

static int on_daemon(struct nlmsghdr *h, void *arg)
{
	struct daemons *ds = arg;
	struct ipvs_daemon d;
	const char *why = NULL;

	if (expect_cmd(h, IPVS_CMD_NEW_DAEMON))
		return -EBADMSG;
	if (nl_ipvs_parse_daemon(h, &d, &why))
		return parse_failed("sync daemon", why);
	if (ds->n < ds->max)
		ds->d[ds->n++] = d;
	return 0;
}

static void reset_daemons(void *arg)
{
	((struct daemons *)arg)->n = 0;
}

int nl_ipvs_get_daemons(struct nl_ipvs *nl, struct ipvs_daemon *d, size_t max, size_t *n)
{
	struct daemons ds = { .d = d, .max = max };
	int rc = dump(nl, IPVS_CMD_GET_DAEMON, NULL, on_daemon, &ds, reset_daemons);

	*n = rc ? 0 : ds.n;
	return rc;
}
