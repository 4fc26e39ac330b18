// SPDX-License-Identifier: GPL-2.0-or-later
/* Rules in the syntax of `ipvsadm -S -n` (the subset keel models), read
 * into an IPVS table: the lab feeds the same file to keel's driver and to
 * `ipvsadm -R`, and compares what the kernel then holds. Test code only. */
#ifndef KEEL_IPVS_RULES_H
#define KEEL_IPVS_RULES_H

#include <stdio.h>

#include "ipvs_types.h"

/* Reads every line of f into *t (sorted). On error returns -EINVAL and
 * writes "LINE: message" into err. */
int ipvs_rules_read(FILE *f, struct ipvs_table *t, char *err, size_t errlen);

#endif
