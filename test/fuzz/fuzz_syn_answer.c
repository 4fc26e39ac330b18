// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: what a half-open TCP probe reads (chk_syn_pkt.h): an
 * IPv4 packet from its raw socket, a TCP header (IPv6), an ICMP error's
 * quote. Input: one control byte (bits 0-1: which reader), then the bytes.
 * Checks: a parsed header's fields come from inside the input, and an
 * answer is judged the same as its flags and acknowledgement say. */
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>

#include "chk_syn_pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct syn_seg s;
	struct in_addr src;
	uint8_t *copy;
	int rc;

	if (size < 1)
		return 0;
	/* an exact-size copy, so a read past the end is caught */
	copy = malloc(size - 1 ? size - 1 : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	switch (data[0] & 3) {
	case 0:
		rc = syn_parse_v4(copy, size - 1, &src, &s);
		break;
	case 1:
		rc = syn_parse_tcp(copy, size - 1, true, &s);
		break;
	default:
		rc = syn_parse_tcp(copy, size - 1, false, &s);
		if (rc == 0 && (s.flags || s.ack))
			abort();	/* a quote has only ports and sequence */
		break;
	}
	if (rc == 0) {
		enum syn_verdict v = syn_judge(&s, s.ack - 1);
		bool acks = s.flags & TH_ACK;
		if ((v == SYN_REFUSED) != (acks && (s.flags & TH_RST)) ||
		    (v == SYN_LISTENING) != (acks && !(s.flags & TH_RST) && (s.flags & TH_SYN)))
			abort();
		if (syn_judge(&s, s.ack) != SYN_IGNORE)
			abort();	/* acknowledges another sequence */
	}
	free(copy);
	return 0;
}
