// SPDX-License-Identifier: GPL-2.0-or-later
/* BFD_CHECK's view of the BFD sessions, on the main loop: the BFD thread's
 * news arrive here (keeld.c posts them) and the checks naming that
 * bfd_instance are probed at once. */
#ifndef KEEL_CHK_BFD_H
#define KEEL_CHK_BFD_H

#include <stdbool.h>

/* bfd_instance name's session is (not) Up. Main thread only. */
void chk_bfd_set(const char *name, bool up);
/* Up as last told; false until told. */
bool chk_bfd_up(const char *name);
/* Forgets every state (keeld's end). */
void chk_bfd_reset(void);

#endif
