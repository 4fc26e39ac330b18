// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: the IPVS netlink reply parsers on arbitrary attributes.
 * The input is the message payload after the netlink and generic-netlink
 * headers, which are built here with the exact length, as nl_ipvs.c checks
 * nlmsg_len against the bytes received before parsing. */
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nl_ipvs_attr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN, len = hdr + size;
	struct nlmsghdr *nlh;
	struct ipvs_service svc;
	struct ipvs_dest d;
	struct ipvs_daemon dm;
	struct ipvs_timeouts to;
	struct ipvs_info info;
	const char *why;

	if (size > 65536)
		return 0;
	nlh = calloc(1, len);
	if (!nlh)
		return 0;
	nlh->nlmsg_len = (uint32_t)len;
	memcpy((char *)nlh + hdr, data, size);
	(void)nl_ipvs_parse_service(nlh, &svc, &why);
	(void)nl_ipvs_parse_dest(nlh, AF_INET, &d, &why);
	(void)nl_ipvs_parse_daemon(nlh, &dm, &why);
	(void)nl_ipvs_parse_timeouts(nlh, &to, &why);
	(void)nl_ipvs_parse_info(nlh, &info, &why);
	free(nlh);
	return 0;
}
