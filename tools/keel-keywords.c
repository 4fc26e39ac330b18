// SPDX-License-Identifier: GPL-2.0-or-later
/* Prints docs/keepalived-compat.md from the parser's keyword tables. */
#include "config.h"

#include <stdio.h>

#include "cfg.h"

int main(void)
{
	cfg_keywords_markdown(stdout);
	return ferror(stdout) ? 1 : 0;
}
