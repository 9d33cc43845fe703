#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The README's demo command: install what is needed, build vctx, boot the
# newest Debian kernel in a VM, load vctx.ko and show the product working
# (scripts/demo-scenario.sh). KERNELS=<version> picks another kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec make -s demo
