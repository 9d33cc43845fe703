#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The README's test command: install what is needed, then run every test
# (make check). Ends with "N passed, N failed"; non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec make -s check
