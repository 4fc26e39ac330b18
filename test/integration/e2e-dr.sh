#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The HA WireGuard pool end to end with DR forwarding: test/lab/e2e-story.sh.
POOL_MODE=dr exec "$(dirname -- "${BASH_SOURCE[0]}")/../lab/e2e-story.sh"
