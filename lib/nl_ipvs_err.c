// SPDX-License-Identifier: GPL-2.0-or-later
/* Kernel refusals in words an operator can act on. IPVS answers with bare
 * errnos whose meaning depends on the command (ENOENT is "no such
 * scheduler" when adding a service but "no such dest" when editing one),
 * so the text is chosen per operation. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "nl_ipvs.h"

static const char *svc_error(const struct ipvs_op *op, int err)
{
	switch (err) {
	case ENOENT:
		return op->svc.pe_name[0] ? "no such scheduler or persistence engine"
					  : "no such scheduler";
	case EEXIST:
		return "service already exists";
	case ESRCH:
		return "no such service";
	case EINVAL:
		return "invalid service settings (netmask, family or names)";
	default:
		return NULL;
	}
}

static const char *dest_error(int err)
{
	switch (err) {
	case ESRCH:
		return "no such service";
	case ENOENT:
		return "no such dest";
	case EEXIST:
		return "dest already exists";
	case EINVAL:
		return "invalid dest (address not unicast, another address family "
		       "without tunnelling, or a sync daemon running)";
	case ERANGE:
		return "weight below zero or lower threshold above upper";
	default:
		return NULL;
	}
}

const char *nl_ipvs_op_strerror(const struct ipvs_op *op, int err)
{
	const char *s = NULL;

	err = err < 0 ? -err : err;
	if (op->kind <= IPVS_OP_DEL_SVC)
		s = svc_error(op, err);
	else if (op->kind <= IPVS_OP_DEL_DEST)
		s = dest_error(err);
	if (s)
		return s;
	switch (err) {
	case EPERM:
		return "not permitted (needs CAP_NET_ADMIN)";
	case EAFNOSUPPORT:
		return "address family not supported by this kernel";
	case EBADMSG:
		return "malformed reply from the kernel";
	case ETIMEDOUT:
		return "no reply from the kernel";
	default:
		return strerror(err);
	}
}

char *nl_ipvs_op_error(const struct ipvs_op *op, int err, char *buf, size_t len)
{
	char what[IPVS_OP_DESC_LEN];

	snprintf(buf, len, "%s: %s", ipvs_op_describe(op, what), nl_ipvs_op_strerror(op, err));
	return buf;
}
