// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: DNS_CHECK's reply decoder and verdict. Input: the
 * datagram a DNS server would send. The verdict must agree with the
 * decoding: only a well-formed response with the query's id and RCODE 0
 * passes. */
#include <stdlib.h>

#include "dns_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_msg_reply r;
	enum dns_msg_err err = dns_msg_decode(data, size, &r);
	uint16_t id = size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 0;
	const char *why = NULL;
	enum dns_msg_verdict v = dns_msg_verdict(data, size, id, &why);

	if (!why)
		abort();
	if ((err == DNS_MSG_SHORT) != (size < DNS_MSG_HDR_LEN))
		abort();
	if (v == DNS_MSG_PASS && (err != DNS_MSG_OK || !r.qr || r.rcode != 0))
		abort();
	if (v == DNS_MSG_IGNORE && err != DNS_MSG_SHORT && r.qr)
		abort();
	return 0;
}
