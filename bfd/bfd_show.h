// SPDX-License-Identifier: GPL-2.0-or-later
/* The BFD sessions for keelctl bfd and the SIGUSR1 dump. */
#ifndef KEEL_BFD_SHOW_H
#define KEEL_BFD_SHOW_H

#include <stddef.h>

#include "bfd_run.h"
#include "json.h"

/* One line per session ("" for none); malloc'd, NULL when out of memory. */
char *bfd_show_text(const struct bfd_view *v, size_t n);
/* A "sessions" array. */
void bfd_show_json(struct json_writer *w, const struct bfd_view *v, size_t n);

#endif
