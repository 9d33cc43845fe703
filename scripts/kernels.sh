#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lists the installed Debian kernels vctx can be built for and booted in the
# test VM: those with both /boot/vmlinuz-VER and /lib/modules/VER/build.
# Versions come from the filesystem, never from uname -r (this machine's own
# kernel is not one of them).
#
#   kernels.sh            every usable kernel, oldest first
#   kernels.sh --newest   the newest one of the generic flavour
#   kernels.sh --lts      the newest 6.1.x and the newest 6.12.x of the
#                         generic flavour; fails with a message naming the
#                         package when one is missing
#   kernels.sh --cloud    the newest cloud flavour (linux-image-cloud-amd64)
#
# The generic flavour is Debian's "-amd64"; "-cloud-amd64" and "-rt-amd64"
# are other configurations of the same version, so they never stand in for
# it: a cloud kernel of the same ABI sorts after the generic one.
set -euo pipefail

usable() {
	local dir ver
	for dir in /lib/modules/*/; do
		ver=$(basename "$dir")
		[[ -f /boot/vmlinuz-$ver && -e /lib/modules/$ver/build/Makefile ]] || continue
		echo "$ver"
	done | sort -V
}

generic() { usable | grep -Ev -- '-(cloud|rt)-' || true; }

case "${1:-}" in
"")
	usable
	;;
--newest)
	generic | tail -n 1
	;;
--cloud)
	ver=$(usable | grep -E -- '-cloud-amd64$' | tail -n 1 || true)
	if [[ -z $ver ]]; then
		echo "kernels.sh: no Debian cloud kernel with headers installed; install: apt-get install linux-image-cloud-amd64 linux-headers-cloud-amd64" >&2
		exit 1
	fi
	echo "$ver"
	;;
--lts)
	all=$(generic)
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
	echo "usage: kernels.sh [--newest|--lts|--cloud]" >&2
	exit 2
	;;
esac
