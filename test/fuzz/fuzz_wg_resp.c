// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: what WG_CHECK does with received datagrams
 * (chk_wg_classify: handshake responses, cookie replies, transport data),
 * for a probe set up as in the kernel captures of test/unit/data/wg
 * (handshake.txt / cookie.txt: same keys, fixed ephemeral, clock, index).
 * Input: one control byte, then datagrams, each as a 2-byte big-endian
 * length and its bytes.
 *   bit 0: the check has tunnel_ping: a handshake moves the probe on to
 *          the encrypted echo of the capture (10.77.0.2 -> 10.77.0.1)
 *   bit 1: rewrite mac1 of type-2 datagrams, so mutations get past it
 * Like chk_wg.c, a cookie reply is followed by a new initiation. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "chk_wg.h"
#include "wg_err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KEY(...) ((const uint8_t[WG_KEY_LEN]){ __VA_ARGS__ })
/* handshake.txt: private, remote, ephemeral */
static const uint8_t *const priv = KEY(
	0xd0, 0xad, 0x06, 0x05, 0x19, 0x6b, 0xc7, 0x4c, 0x50, 0xd5, 0x52, 0x4d, 0xe2, 0xb1, 0xc6, 0x96,
	0x09, 0xf6, 0xd7, 0xcf, 0xac, 0x15, 0x29, 0xa4, 0xcf, 0x8e, 0xa4, 0x9f, 0xb3, 0xec, 0x07, 0x60);
static const uint8_t *const remote = KEY(
	0xb4, 0x79, 0xa2, 0x1b, 0x85, 0x94, 0xcc, 0xf0, 0x9a, 0x56, 0x56, 0x78, 0x34, 0xec, 0x98, 0x8f,
	0x44, 0x7c, 0xbf, 0x3f, 0xfb, 0x57, 0xc8, 0xcb, 0x51, 0x6e, 0x95, 0xa0, 0x3c, 0xb5, 0x1c, 0x30);
static const uint8_t *const eph = KEY(
	0x60, 0x0d, 0x8c, 0x3b, 0x60, 0x9d, 0x01, 0x37, 0x5f, 0xa6, 0xc5, 0x2c, 0xa9, 0x16, 0xb7, 0xd2,
	0xc1, 0x34, 0x46, 0x36, 0xb5, 0x10, 0x91, 0x09, 0x03, 0xea, 0x3c, 0x4a, 0x37, 0x13, 0xc2, 0x77);
static const uint32_t sender = 305419896;
static const uint8_t payload[] = "keel tunnel ping";

#define MAX_DATAGRAMS 8
#define RESP_MAC1 60		/* mac1's offset in a handshake response */

static int send_init(struct wg_peer *peer, struct chk_wg_probe *pr, uint64_t mono_ns)
{
	struct wg_init_opts io = { .wall = { .tv_sec = 1700000000, .tv_nsec = 123456789 },
				   .mono_ns = mono_ns, .ephemeral = eph, .sender = &sender };
	uint8_t out[WG_INITIATION_LEN];

	chk_wg_probe_retire(pr);
	pr->inits++;
	return wg_build_initiation(peer, &pr->hs, &io, out);
}

static void set_echo(struct wg_echo *e)
{
	memset(e, 0, sizeof(*e));
	e->family = AF_INET;
	inet_pton(AF_INET, "10.77.0.2", e->src);
	inet_pton(AF_INET, "10.77.0.1", e->dst);
	e->id = 27500;
	e->seq = 1;
	e->data = payload;
	e->data_len = sizeof(payload) - 1;
}

static void classify(struct wg_peer *peer, struct chk_wg_probe *pr, bool ping, uint8_t *pkt,
		     size_t len, uint64_t now)
{
	enum chk_wg_verdict v;

	v = chk_wg_classify(peer, pr, pkt, len, now);
	switch (v) {
	case CHK_WG_HANDSHAKE:
	case CHK_WG_REKEY:
		if (!pr->sess.valid)
			abort();	/* an answer must leave transport keys */
		if (ping && pr->phase == CHK_WG_PH_HANDSHAKE) {
			pr->phase = CHK_WG_PH_PING;
			set_echo(&pr->echo);
		}
		break;
	case CHK_WG_COOKIE:
		if (!peer->have_cookie || send_init(peer, pr, now + 1000) != WG_OK)
			abort();
		break;
	case CHK_WG_ECHO:
		if (pr->phase != CHK_WG_PH_PING)
			abort();
		break;
	case CHK_WG_IGNORE:
		if (pr->bad && !wg_strerror(pr->bad))
			abort();
		break;
	default:
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t pkt[CHK_WG_RECV_BUF + 64];
	struct wg_peer peer;
	struct chk_wg_probe pr;
	uint64_t now = 2000;
	bool ping;

	if (size < 1)
		return 0;
	ping = data[0] & 1;
	memset(&pr, 0, sizeof(pr));
	wg_handshake_init(&pr.hs);
	if (wg_peer_init(&peer, priv, remote, NULL) != WG_OK || send_init(&peer, &pr, 1000) != WG_OK)
		abort();
	for (size_t off = 1, n = 0; off + 2 <= size && n < MAX_DATAGRAMS; n++, now += 1000) {
		size_t len = (size_t)data[off] << 8 | data[off + 1];
		off += 2;
		if (len > size - off)
			len = size - off;
		if (len > sizeof(pkt))
			len = sizeof(pkt);
		memcpy(pkt, data + off, len);
		off += len;
		if ((data[0] & 2) && len >= RESP_MAC1 + WG_MAC_LEN && wg_msg_type(pkt, len) == 2)
			wg_mac(pkt + RESP_MAC1, peer.mac1_key_self, WG_HASH_LEN, pkt, RESP_MAC1);
		classify(&peer, &pr, ping, pkt, len, now);
	}
	chk_wg_probe_free(&pr);
	wg_peer_free(&peer);
	return 0;
}
