// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wg_probe_cost: the CPU time of one WireGuard health probe's handshake work
 * (wg_build_initiation + wg_consume_response) against its floor, the four
 * X25519 operations it cannot avoid: making the ephemeral key, DH(e, S_r),
 * DH(e, E_r), DH(s, E_r). The static-static DH is done once per backend and
 * is in neither. The response is a real kernel WireGuard one, replayed from
 * a capture (test/unit/data/wg/handshake.txt), so the probe's work is the
 * same every round.
 *
 * usage: wg_probe_cost [CAPTURE [ROUNDS]]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../test/unit/wg_vectors.h"
#include "wg_noise.h"

static double cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

struct setup {
	struct wg_vectors v;
	struct wg_peer peer;
	struct wg_init_opts io;
	uint32_t sender;
	const uint8_t *eph, *resp;
};

static int load(struct setup *s, const char *path)
{
	const struct wg_vec_item *wall, *sender;
	long long sec;
	long nsec;

	if (wg_vectors_load(&s->v, path) < 0) {
		fprintf(stderr, "wg_probe_cost: cannot read %s\n", path);
		return -1;
	}
	s->eph = wg_vectors_bytes(&s->v, "ephemeral", 0, 32);
	s->resp = wg_vectors_bytes(&s->v, "response", 0, WG_RESPONSE_LEN);
	wall = wg_vectors_get(&s->v, "wall", 0);
	sender = wg_vectors_get(&s->v, "sender", 0);
	if (!s->eph || !s->resp || !wall || !sender ||
	    sscanf(wall->text, "%lld.%ld", &sec, &nsec) != 2 ||
	    wg_peer_init(&s->peer, wg_vectors_bytes(&s->v, "private", 0, 32),
			 wg_vectors_bytes(&s->v, "remote", 0, 32),
			 wg_vectors_bytes(&s->v, "psk", 0, 32)) != WG_OK) {
		fprintf(stderr, "wg_probe_cost: %s is not a usable capture\n", path);
		wg_vectors_free(&s->v);
		return -1;
	}
	s->sender = (uint32_t)strtoul(sender->text, NULL, 10);
	s->io.wall.tv_sec = (time_t)sec;
	s->io.wall.tv_nsec = nsec;
	s->io.ephemeral = s->eph;
	s->io.sender = &s->sender;
	return 0;
}

/* One probe: the initiation the kernel answered, then its response. */
static int probe_once(struct setup *s)
{
	struct wg_handshake hs;
	struct wg_session sess;
	uint8_t msg[WG_INITIATION_LEN];
	int err;

	/* The captured response answers this exact initiation: same timestamp. */
	memset(s->peer.last_ts, 0, sizeof(s->peer.last_ts));
	wg_handshake_init(&hs);
	err = wg_build_initiation(&s->peer, &hs, &s->io, msg);
	if (!err)
		err = wg_consume_response(&s->peer, &hs, s->resp, WG_RESPONSE_LEN, &sess);
	wg_handshake_free(&hs);
	wg_session_clear(&sess);
	return err;
}

/* The same X25519 work alone, through the same EVP calls. */
static int floor_once(struct setup *s)
{
	const uint8_t *resp_eph = s->resp + 12;
	struct wg_dh_key e;
	uint8_t out[32];
	int err = wg_dh_key_set(&e, s->eph);

	if (!err)
		err = wg_dh(out, &e, s->peer.remote);
	if (!err)
		err = wg_dh(out, &e, resp_eph);
	if (!err)
		err = wg_dh(out, &s->peer.self, resp_eph);
	wg_dh_key_free(&e);
	return err;
}

static double per_round(struct setup *s, int (*fn)(struct setup *), int rounds)
{
	double t0 = cpu_us();

	for (int i = 0; i < rounds; i++)
		if (fn(s) != WG_OK) {
			fprintf(stderr, "wg_probe_cost: round %d failed\n", i);
			exit(1);
		}
	return (cpu_us() - t0) / rounds;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "test/unit/data/wg/handshake.txt";
	int rounds = argc > 2 ? atoi(argv[2]) : 2000;
	struct setup s = { 0 };
	double probe = 0, floor_ = 0;

	if (rounds <= 0 || load(&s, path) < 0)
		return 2;
	per_round(&s, probe_once, rounds / 10 + 1);	/* warm up */
	/* Interleave so that frequency changes hit both alike. */
	for (int i = 0; i < 5; i++) {
		probe += per_round(&s, probe_once, rounds / 5 + 1) / 5;
		floor_ += per_round(&s, floor_once, rounds / 5 + 1) / 5;
	}
	printf("probe (build initiation + consume response): %8.1f us CPU\n", probe);
	printf("X25519 floor (1 key + 3 DH, same EVP calls): %8.1f us CPU\n", floor_);
	printf("ratio probe/floor: %.2f\n", probe / floor_);
	wg_peer_free(&s.peer);
	wg_vectors_free(&s.v);
	wg_crypto_cleanup();
	return 0;
}
