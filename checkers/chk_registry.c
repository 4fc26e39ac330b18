// SPDX-License-Identifier: GPL-2.0-or-later
/* The registry: which checker kinds keel runs. A new kind is its own file
 * exposing a `const struct checker_ops`, declared and listed here. */
#include "config.h"

#include "chk.h"

extern const struct checker_ops chk_tcp_ops;
extern const struct checker_ops chk_misc_ops;
extern const struct checker_ops chk_wg_ops;
extern const struct checker_ops chk_http_ops;
extern const struct checker_ops chk_ssl_ops;
extern const struct checker_ops chk_udp_ops, chk_dns_ops, chk_ping_ops, chk_file_ops, chk_smtp_ops;
extern const struct checker_ops chk_bfd_ops;
/* new kinds: declare their ops here ... */

static const struct checker_ops *const kinds[] = {
	&chk_tcp_ops,
	&chk_misc_ops,
	&chk_wg_ops,
	&chk_http_ops,
	&chk_ssl_ops,
	&chk_udp_ops, &chk_dns_ops, &chk_ping_ops, &chk_file_ops, &chk_smtp_ops,
	&chk_bfd_ops,
	/* ... and list them here */
};

bool chk_kind_runs(enum cfg_check_kind kind)
{
	return chk_ops_for(kind) != NULL;
}

const struct checker_ops *chk_ops_for(enum cfg_check_kind kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i]->kind == kind)
			return kinds[i];
	return NULL;
}
