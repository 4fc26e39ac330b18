// SPDX-License-Identifier: GPL-2.0-or-later
/* Track file values (see chk_file.h). */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "chk_file.h"

#define IPVS_WEIGHT_MAX 65535

bool chk_file_value(const char *text, long *value)
{
	long long v;

	errno = 0;
	v = text ? strtoll(text, NULL, 0) : 0;
	if (errno == ERANGE || v < INT32_MIN || v > INT32_MAX)
		return false;
	*value = (long)v;
	return true;
}

bool chk_file_eval(long value, int weight, bool reverse, bool dynamic, int rs_weight, int *out_weight,
		   const char **why)
{
	long long w;

	*out_weight = -1;
	if (!dynamic || weight == 0) {
		*why = value ? "non-zero value" : "value 0";
		return (value == 0) != (reverse && weight == 0);
	}
	w = rs_weight + (long long)value * weight * (reverse ? -1 : 1);
	if (w < 0) {
		*why = "weight below 0";
		return false;
	}
	*out_weight = w > IPVS_WEIGHT_MAX ? IPVS_WEIGHT_MAX : (int)w;
	*why = "dynamic weight";
	return true;
}
