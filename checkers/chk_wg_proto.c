// SPDX-License-Identifier: GPL-2.0-or-later
/* WG_CHECK's pure decisions (see chk_wg.h): no sockets, no clock. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

#include "chk_wg.h"
#include "wg_crypto.h"
#include "wg_err.h"
#include "wg_wire.h"

void chk_wg_probe_retire(struct chk_wg_probe *pr)
{
	if (pr->hs.state != WG_HS_SENT || pr->hs.cookie_taken || pr->nprev >= CHK_WG_PREV)
		return;		/* nothing to wait for: the next build frees it */
	pr->prev[pr->nprev++] = pr->hs;
	wg_handshake_init(&pr->hs);
}

void chk_wg_probe_free(struct chk_wg_probe *pr)
{
	wg_handshake_free(&pr->hs);
	for (unsigned i = 0; i < pr->nprev; i++)
		wg_handshake_free(&pr->prev[i]);
	pr->nprev = 0;
	wg_session_clear(&pr->sess);
}

/* A response to the current or an earlier initiation of this probe. */
static int consume_any(struct wg_peer *peer, struct chk_wg_probe *pr, const uint8_t *pkt,
		       size_t len)
{
	int err = wg_consume_response(peer, &pr->hs, pkt, len, &pr->sess);

	/* a completed one says WG_E_REPLAY, a pending one may complete */
	for (unsigned i = 0; err == WG_E_INDEX && i < pr->nprev; i++)
		err = wg_consume_response(peer, &pr->prev[i], pkt, len, &pr->sess);
	return err;
}

enum chk_wg_verdict chk_wg_classify(struct wg_peer *peer, struct chk_wg_probe *pr,
				    const uint8_t *pkt, size_t len, uint64_t mono_ns)
{
	uint8_t plain[CHK_WG_RECV_BUF];
	size_t plain_len = 0;
	int err;

	if (pr->phase == CHK_WG_PH_HANDSHAKE) {
		if (wg_msg_type(pkt, len) == WG_MSG_COOKIE) {
			err = wg_consume_cookie_reply(peer, &pr->hs, pkt, len, mono_ns);
			if (err == WG_OK && pr->cookies >= CHK_WG_MAX_COOKIES)
				err = WG_E_REPLAY;
			if (err == WG_OK) {
				pr->cookies++;
				return CHK_WG_COOKIE;
			}
		} else {
			err = consume_any(peer, pr, pkt, len);
			if (err == WG_OK)
				return CHK_WG_HANDSHAKE;
		}
	} else if (wg_msg_type(pkt, len) == WG_MSG_RESPONSE) {
		/* the backend answered a newer initiation: its session replaces ours */
		err = consume_any(peer, pr, pkt, len);
		if (err == WG_OK)
			return CHK_WG_REKEY;
	} else {
		err = len > sizeof(plain) + WG_DATA_MIN_LEN ? WG_E_LONG
			: wg_data_open(&pr->sess, pkt, len, plain, sizeof(plain), &plain_len);
		if (err == WG_OK && plain_len == 0)
			return CHK_WG_IGNORE;	/* a keepalive: authentic, not an answer */
		if (err == WG_OK)
			err = wg_echo_match(&pr->echo, plain, plain_len);
		wg_wipe(plain, plain_len);
		if (err == WG_OK)
			return CHK_WG_ECHO;
	}
	/* a late answer to an earlier initiation of this probe says nothing bad */
	if (!(err == WG_E_INDEX && pr->phase == CHK_WG_PH_HANDSHAKE && pr->inits > 1))
		pr->bad = err;
	return CHK_WG_IGNORE;
}

uint64_t chk_wg_spacing_wait(uint64_t last_init_ns, uint64_t now_ns)
{
	if (last_init_ns == 0 || now_ns < last_init_ns ||
	    now_ns - last_init_ns >= CHK_WG_SPACING_NS)
		return 0;
	return CHK_WG_SPACING_NS - (now_ns - last_init_ns);
}

void chk_wg_default_source(struct cfg_ip *src, const struct cfg_ip *ping)
{
	*src = *ping;
	if (ping->af == AF_INET) {
		src->b[3] = ping->b[3] == 254 ? 253 : 254;
	} else if (ping->af == AF_INET6) {
		bool same = ping->b[14] == 0xff && ping->b[15] == 0xfe;

		src->b[14] = 0xff;
		src->b[15] = same ? 0xfd : 0xfe;
	}
}

void chk_wg_timeout_reason(const struct chk_wg_probe *pr, char *buf, size_t cap)
{
	const char *what = pr->phase == CHK_WG_PH_PING ? "tunnel ping: " : "";
	const char *after = pr->cookies ? " after cookie reply" : "";

	if (pr->bad)
		snprintf(buf, cap, "%sinvalid %s: %s", what,
			 pr->phase == CHK_WG_PH_PING ? "reply" : "response", wg_strerror(pr->bad));
	else if (pr->phase == CHK_WG_PH_PING)
		snprintf(buf, cap, "tunnel ping: no reply");
	else
		snprintf(buf, cap, "no response%s", after);
}

const char *chk_wg_errno_reason(int err)
{
	switch (err) {
	case ECONNREFUSED: return "port unreachable";
	case EHOSTUNREACH: return "host unreachable";
	case ENETUNREACH: return "network unreachable";
	case EACCES:
	case EPERM: return "blocked by local firewall";
	case EMSGSIZE: return "message too long";
	default: return "socket error";
	}
}
