#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The demo of keel's main job, run inside the kernel lab (demo.sh at the top
# starts it): the story of e2e-story.sh with DR forwarding, narrated, with a
# live view while it waits (who holds the VIP and runs which sync daemon,
# the IPVS servers with active/inactive flows, each client's server and
# replies) and two more scenes. Exit status 0 only when every step held.
STORY_DEMO=1 POOL_MODE=${POOL_MODE:-dr} exec "$(dirname -- "${BASH_SOURCE[0]}")/e2e-story.sh"
