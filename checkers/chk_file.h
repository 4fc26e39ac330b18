// SPDX-License-Identifier: GPL-2.0-or-later
/* FILE_CHECK's reading of a track file's value, pure and unit tested. */
#ifndef KEEL_CHK_FILE_H
#define KEEL_CHK_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* The value in the file's text: a number as strtol reads it (base 0);
 * text that is not a number, an empty file or no file at all is 0, as in
 * keepalived. False when the number is outside the 32-bit range. */
bool chk_file_value(const char *text, long *value);

/* What a value means for a real server of configured weight rs_weight,
 * with the track_file block's weight and reverse. Without dynamic (or
 * with weight 0): 0 is up and anything else down, the other way round
 * with weight 0 reverse (keepalived's reading: reverse otherwise negates
 * the weight); *weight -1 (unchanged). With dynamic: up with *weight =
 * rs_weight + value x weight (negated by reverse), capped at IPVS's 65535;
 * a result below 0 is down. why: a short static text. */
bool chk_file_eval(long value, int weight, bool reverse, bool dynamic, int rs_weight, int *out_weight,
		   const char **why);

#endif
