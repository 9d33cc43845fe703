#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lists the installed Debian kernels vctx can be built for and booted in the
# test VM: those with both /boot/vmlinuz-VER and /lib/modules/VER/build.
# Versions come from the filesystem, never from uname -r (this machine's own
# kernel is not one of them).
#
#   kernels.sh            every usable kernel, oldest first
#   kernels.sh --newest   the newest one
#   kernels.sh --lts      the newest 6.1.x and the newest 6.12.x; fails with a
#                         message naming the package when one is missing
set -euo pipefail

usable() {
	local dir ver
	for dir in /lib/modules/*/; do
		ver=$(basename "$dir")
		[[ -f /boot/vmlinuz-$ver && -e /lib/modules/$ver/build/Makefile ]] || continue
		echo "$ver"
	done | sort -V
}

case "${1:-}" in
"")
	usable
	;;
--newest)
	usable | tail -n 1
	;;
--lts)
	all=$(usable)
	rc=0
	for series in 6.1 6.12; do
		ver=$(grep -E "^${series//./\\.}\.[0-9]" <<<"$all" | tail -n 1 || true)
		if [[ -z $ver ]]; then
			case $series in
			6.1) pkgs="linux-image-amd64 linux-headers-amd64" ;;
			*) pkgs="linux-image-$series-amd64 linux-headers-$series-amd64" ;;
			esac
			echo "kernels.sh: no Debian $series kernel with headers installed; install: apt-get install $pkgs" >&2
			rc=1
			continue
		fi
		echo "$ver"
	done
	exit $rc
	;;
*)
	echo "usage: kernels.sh [--newest|--lts]" >&2
	exit 2
	;;
esac
