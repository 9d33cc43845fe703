#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KVER FS OUT [MODULE...]: builds the test VM's initramfs for
# kernel KVER, with the MODULEs too (virtio_blk and ext4 for a persistent
# overlay on a disk image, vm-run.sh -d).
#
# It holds only busybox, scripts/vm/vm-init and the modules that kernel needs to
# mount the host's root under an overlay over FS, virtio-9p ("9p") or
# virtio-fs ("virtiofs"; scripts/vm/fs-transport.sh picks one). The module list and
# its order come from modprobe's dependency resolution for KVER, so nothing
# here depends on how a given kernel splits or builds in its drivers (6.1
# ships plain .ko, 6.12 ships .ko.xz that busybox insmod cannot read: they are
# decompressed here). VCTX_VM_MODROOT names the root of a kernel's modules
# outside /lib/modules (modprobe -d; the debug kernel's, vm-run.sh -K).
set -euo pipefail

kver=$1
fs=$2
out=$3
shift 3
case $fs in
9p) fs_modules=(9pnet_virtio 9p) ;;
virtiofs) fs_modules=(virtiofs) ;;
*) echo "mkinitramfs.sh: unknown transport $fs (9p or virtiofs)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
busybox=/bin/busybox

[[ -x $busybox ]] && "$busybox" --list | grep -qx switch_root || {
	echo "mkinitramfs.sh: $busybox missing or not static; install busybox-static" >&2
	exit 1
}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,mnt,lib/modules}
cp "$busybox" "$stage/bin/busybox"
cp "$here/vm-init" "$stage/init"
chmod 755 "$stage/init"

: >"$stage/modules.order"
while read -r verb path _; do
	[[ $verb == insmod ]] || continue
	# CPU-specific accelerators (crc32c-intel, a soft dependency of ext4)
	# need instructions QEMU's default CPU lacks, and fail to load; the
	# generic implementation is in the list as well.
	[[ $path != */arch/*/crypto/* ]] || continue
	name=$(basename "$path")
	case $name in
	*.ko.xz) xz -dc "$path" >"$stage/lib/modules/${name%.xz}"; name=${name%.xz} ;;
	*.ko.zst) zstd -qdc "$path" >"$stage/lib/modules/${name%.zst}"; name=${name%.zst} ;;
	*.ko) cp "$path" "$stage/lib/modules/$name" ;;
	*) echo "mkinitramfs.sh: unexpected module file $path" >&2; exit 1 ;;
	esac
	grep -qx "$name" "$stage/modules.order" || echo "$name" >>"$stage/modules.order"
done < <(modprobe ${VCTX_VM_MODROOT:+-d "$VCTX_VM_MODROOT"} -S "$kver" --show-depends -a virtio_pci "${fs_modules[@]}" overlay "$@")

(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
