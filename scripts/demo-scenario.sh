#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the demo shows, run inside the VM with vctx.ko loaded by the runner.
set -euo pipefail

vctx=${VCTX_BUILD:?}/userland/vctx

# show 'COMMAND LINE': print it as typed at a prompt, then run it.
show() {
	printf '\n$ %s\n' "$1"
	eval "$1"
}

echo "vctx demo on Debian kernel $(uname -r)"
cd "$(dirname "$vctx")"
export PATH=$PWD:$PATH
show "lsmod | grep -E '^(Module|vctx)'"
show "ls -l /dev/vctx"
show "vctx version"
show "vctx --json version"
echo
echo "The same tool without the module says what to do:"
show "rmmod vctx"
show "vctx version || echo \"(exit status \$?)\""
show "insmod $VCTX_MODULE"
show "vctx version"
