#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fs-transport.sh KVER: how the test VM booting kernel KVER reaches the
# host's root and the output share: "9p" (virtio-9p, what Debian's generic
# kernels build) or "virtiofs" (virtio-fs through QEMU's virtiofsd, the only
# one of the two that Debian's cloud kernel builds: it has no 9p at all).
# 9p is preferred where both exist: it needs no daemon on the host.
# VCTX_VM_FS=9p|virtiofs forces one (to test the other transport on a
# kernel that has both). The options each needs are scripts/vm/config-9p
# and scripts/vm/config-virtiofs; this reads KCONFIG (default
# /boot/config-KVER).
#
# usage: fs-transport.sh KVER [KCONFIG]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kver=${1:?usage: fs-transport.sh KVER [KCONFIG]}
kconfig=${2:-/boot/config-$kver}
[[ -r $kconfig ]] || { echo "fs-transport.sh: cannot read $kconfig" >&2; exit 1; }

has() { "$here/../config-check.sh" "$kconfig" "$here/config-$1" >/dev/null; }

case ${VCTX_VM_FS:-} in
9p | virtiofs)
	has "$VCTX_VM_FS" || {
		echo "fs-transport.sh: VCTX_VM_FS=$VCTX_VM_FS, but $kver lacks:" >&2
		"$here/../config-check.sh" "$kconfig" "$here/config-$VCTX_VM_FS" >&2
		exit 1
	}
	echo "$VCTX_VM_FS"
	;;
"")
	if has 9p; then
		echo 9p
	elif has virtiofs; then
		echo virtiofs
	else
		echo "fs-transport.sh: $kver can mount neither virtio-9p nor virtio-fs; it lacks:" >&2
		"$here/../config-check.sh" "$kconfig" "$here/config-9p" "$here/config-virtiofs" >&2
		exit 1
	fi
	;;
*)
	echo "fs-transport.sh: VCTX_VM_FS=$VCTX_VM_FS: use 9p or virtiofs" >&2
	exit 2
	;;
esac
