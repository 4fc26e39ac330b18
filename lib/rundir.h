// SPDX-License-Identifier: GPL-2.0-or-later
/* Where keeld keeps its pid file and control socket, shared by keeld and
 * keelctl so both agree. /run unless the build says otherwise: OpenWrt
 * releases before 2025 have no /run, only /var/run (on tmpfs), and its
 * package builds with -DKEEL_RUNDIR='"/var/run"'. */
#ifndef KEEL_RUNDIR_H
#define KEEL_RUNDIR_H

#ifndef KEEL_RUNDIR
#define KEEL_RUNDIR "/run"
#endif

#define KEEL_DEFAULT_PIDFILE KEEL_RUNDIR "/keeld.pid"
#define KEEL_DEFAULT_SOCKET KEEL_RUNDIR "/keel/keeld.sock"

#endif
