#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-run.sh: boot a Debian kernel under QEMU with this machine's root as the
# guest's root (read-only 9p plus a tmpfs overlay), load the freshly built
# vctx.ko and run one command inside.
#
#   +------------------- host ---------------------+
#   |  /  --(9p, ro)-->  +-------- VM ---------+    |
#   |                    | overlay(/, tmpfs)   |    |
#   |  OUT <-(9p, rw)--> | /run/vctx-out       |    |
#   |                    | insmod vctx.ko; CMD |    |
#   |                    +---------------------+    |
#   +-----------------------------------------------+
#
# A kernel without 9p (Debian's cloud kernel) gets both shares over
# virtio-fs instead, each served by one of QEMU's virtiofsd on the host
# (scripts/vm/fs-transport.sh picks; VCTX_VM_FS= forces one). virtiofsd has
# no read-only mode: the root it serves is a read-only bind of / in a mount
# namespace of its own, so the guest cannot write the host's root either way.
#
# The kernel options this needs (overlayfs, virtio-9p or virtio-fs ...) are
# listed in scripts/vm/config and config-9p or config-virtiofs. The command
# runs from a copy of the tree that contexts
# see (vm-stage2.sh, stage-tree.sh), wherever the tree was checked out.
#
# The verdict (the command's exit status) comes back as a file on the OUT
# share, never from the console. The console and the guest's dmesg are
# scanned for kernel warnings; the VM boots with panic_on_warn, so a warning
# also ends the run without a verdict.
#
# usage: vm-run.sh [-k KVER | -K DIR] [-m MODULE | -n] [-S] [-d DISK] [-t SECONDS] [-o OUTDIR] [-v] -- CMD [ARG...]
#   -k KVER     kernel to boot (default: the newest installed, scripts/kernels.sh)
#   -K DIR      boot a kernel built outside /boot instead, the debug kernel
#               of scripts/debug/build-kernel.sh (DIR/vmlinuz, DIR/config,
#               DIR/kernel.release, its modules under DIR/modules, which
#               the VM sees as /lib/modules/RELEASE), with the boot
#               parameters of scripts/debug/cmdline
#   -m MODULE   vctx.ko to load (default: build/KVER/vctx.ko); -n loads none
#   -S          boot the host's systemd as pid 1; CMD runs as a unit once
#               multi-user.target is reached (vm-systemd-job.sh), and
#               MODULE is installed for modprobe rather than loaded
#   -d DISK     the overlay's writable layer on DISK, an ext4 image, kept
#               from one run to the next (a host's reboot: two runs)
#   -t SECONDS  bound on the whole VM run (default 600)
#   -o OUTDIR   where console.log, dmesg.log, output.log and verdict go
#   -v          copy the console to stdout while it runs
#
# Environment: VCTX_VM_ACCEL=kvm (default tcg) and VCTX_VM_CPU=host (default
# QEMU's) where KVM is known to work; VCTX_VM_FS=9p|virtiofs.
#
# Exit status: CMD's own status when the kernel stayed clean; otherwise
# 123 (kernel warning, oops or BUG), 124 (VM hung: timeout), 125 (VM died
# without a verdict, e.g. a panic). OUTDIR/status names which.
set -euo pipefail

tree=$(cd "$(dirname "$0")/../.." && pwd)
kver= kdir= kparams= module= no_module= timeout_s=600 outdir= verbose= systemd= disk=

usage() { sed -n '/^# usage:/,/^# Exit status/p' "$0" | sed 's/^# \{0,1\}//' | head -n -1 >&2; exit 2; }

while getopts "k:K:m:nSd:t:o:vh" opt; do
	case $opt in
	k) kver=$OPTARG ;;
	K) kdir=$OPTARG ;;
	m) module=$OPTARG ;;
	n) no_module=1 ;;
	S) systemd=1 ;;
	d) disk=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	o) outdir=$OPTARG ;;
	v) verbose=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[[ ${1:-} == -- ]] && shift
[[ $# -gt 0 ]] || usage

die() { echo "vm-run.sh: $*" >&2; exit 125; }
virtiofsd=/usr/lib/qemu/virtiofsd

command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found; install qemu-system-x86"
if [[ -n $kdir ]]; then
	[[ -f $kdir/done ]] || die "$kdir is not a finished kernel build of scripts/debug/build-kernel.sh"
	kdir=$(realpath "$kdir")
	kver=$(cat "$kdir/kernel.release")
	vmlinuz=$kdir/vmlinuz kconfig=$kdir/config moddir=$kdir/modules/lib/modules/$kver
	kparams=$(grep -v '^#' "$tree/scripts/debug/cmdline" | xargs)
else
	[[ -n $kver ]] || kver=$("$tree/scripts/kernels.sh" --newest)
	[[ -n $kver ]] || die "no Debian kernel with headers installed (see scripts/install-deps.sh)"
	vmlinuz=/boot/vmlinuz-$kver kconfig=/boot/config-$kver moddir=
fi
[[ -r $vmlinuz ]] || die "$vmlinuz not found or not readable"
if [[ -z $no_module ]]; then
	[[ -n $module ]] || module=$tree/build/$kver/vctx.ko
	[[ -f $module ]] || die "$module not built; run 'make module KDIR=/lib/modules/$kver/build'"
	module=$(realpath "$module")
fi

fs=$("$tree/scripts/vm/fs-transport.sh" "$kver" "$kconfig") || die "$kver cannot share the host's root with the VM (above)"
[[ $fs != virtiofs || -x $virtiofsd ]] || die "$virtiofsd not found; install qemu-system-common"

if [[ -n $disk ]]; then
	[[ -f $disk ]] || die "$disk not found; make one with: truncate -s 2G $disk && mkfs.ext4 -q $disk"
	disk=$(realpath "$disk")
fi

vmdir=$tree/build/vm/$kver
initrd=$vmdir/initramfs-$fs${disk:+-disk}.cpio.gz
mkdir -p "$vmdir"
if [[ ! -f $initrd || $tree/scripts/vm/vm-init -nt $initrd || $tree/scripts/vm/mkinitramfs.sh -nt $initrd ||
	$vmlinuz -nt $initrd ]]; then
	VCTX_VM_MODROOT=${moddir:+$kdir/modules} \
		"$tree/scripts/vm/mkinitramfs.sh" "$kver" "$fs" "$initrd" ${disk:+virtio_blk ext4}
fi

[[ -n $outdir ]] || outdir=$vmdir/run
rm -rf "$outdir"
mkdir -p "$outdir"
outdir=$(realpath "$outdir")

{
	printf 'VCTX_TREE=%q\n' "$tree"
	printf 'VCTX_KVER=%q\n' "$kver"
	printf 'VCTX_MODULE=%q\n' "$module"
	printf 'VCTX_BUILD=%q\n' "$tree/build"
	printf 'VCTX_MODDIR=%q\n' "$moddir"
} >"$outdir/job.env"
{
	echo 'set -o pipefail'
	printf '%q ' "$@"
	echo
} >"$outdir/job.sh"

# start_virtiofsd TAG DIR ro|rw: serves DIR on $sockdir/TAG.sock, and
# waits until the socket is there. "ro" serves a read-only bind of DIR and
# every mount below it, made in a mount namespace of the daemon's own.
start_virtiofsd() {
	local tag=$1 dir=$2 mode=$3 sock=$sockdir/$1.sock src=$2 i
	local cmd=("$virtiofsd" --socket-path="$sock" -o cache=auto)
	if [[ $mode == ro ]]; then
		src=$sockdir/$tag.root
		mkdir "$src"
		# shellcheck disable=SC2016 # expanded by the inner bash
		cmd=(unshare --mount --propagation private -- bash -c '
			set -e
			mount --rbind "$1" "$2"
			findmnt -Rrn -o TARGET "$2" | while read -r m; do
				mount -o remount,bind,ro "$m"
			done
			shift 2
			exec "$@"' ro-bind "$dir" "$src" "${cmd[@]}")
	fi
	"${cmd[@]}" -o source="$src" >"$outdir/virtiofsd-$tag.log" 2>&1 &
	for ((i = 0; i < 100; i++)); do
		[[ -S $sock ]] && return 0
		kill -0 $! 2>/dev/null || break
		sleep 0.1
	done
	die "virtiofsd for $dir did not start (see $outdir/virtiofsd-$tag.log)"
}

# Software emulation by default: /dev/kvm exists on some nested CI machines
# whose KVM cannot run the guest kernel (an emulation failure at boot, seen
# on 2026-11-23), and a VM that never boots would only show up as a hang.
accel=${VCTX_VM_ACCEL:-tcg}
# Multi-threaded TCG breaks the kernel's live code patching (ftrace's int3
# protocol): another vCPU may still run the old translation of a patched
# call site and trap on an int3 the kernel already removed ("Oops: int3",
# seen with QEMU 7.2 on a stock kernel toggling the function tracer, no
# vctx.ko loaded). One thread for all vCPUs keeps SMP semantics exact.
[[ $accel != tcg ]] || accel=tcg,thread=single

qemu=(qemu-system-x86_64 -accel $accel ${VCTX_VM_CPU:+-cpu $VCTX_VM_CPU} -m 1024 -smp 2
	-display none -monitor none -serial stdio -no-reboot -nic none
	-kernel "$vmlinuz" -initrd "$initrd"
	-append "console=ttyS0 panic=-1 panic_on_warn=1 oops=panic loglevel=6${kparams:+ $kparams} vmrun_tree=$tree vmrun_fs=$fs${systemd:+ vmrun_init=systemd systemd.unit=multi-user.target}${disk:+ vmrun_upper=disk}")
[[ -z $disk ]] || qemu+=(-drive "file=$disk,format=raw,if=virtio,cache=writeback")
if [[ $fs == 9p ]]; then
	qemu+=(-fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
		-device "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot"
		-fsdev "local,id=vctxout,path=$outdir,security_model=none,multidevs=remap"
		-device "virtio-9p-pci,fsdev=vctxout,mount_tag=vctxout")
else
	# A vhost-user device reads the guest's memory: it must be shared.
	# The sockets live under /tmp, whatever the length of the tree's path
	# (a unix socket's path is at most 107 bytes).
	sockdir=$(mktemp -d /tmp/vctx-vm.XXXXXX)
	# The daemons end when QEMU hangs up; this is for a run cut short.
	trap 'kill $(jobs -p) 2>/dev/null || true; wait || true; rm -rf "$sockdir"' EXIT
	start_virtiofsd hostroot / ro
	start_virtiofsd vctxout "$outdir" rw
	qemu+=(-object memory-backend-memfd,id=mem,size=1024M,share=on -machine memory-backend=mem
		-chardev "socket,id=hostroot,path=$sockdir/hostroot.sock"
		-device "vhost-user-fs-pci,chardev=hostroot,tag=hostroot"
		-chardev "socket,id=vctxout,path=$sockdir/vctxout.sock"
		-device "vhost-user-fs-pci,chardev=vctxout,tag=vctxout")
fi

set +e
if [[ -n $verbose ]]; then
	timeout -k 10 "$timeout_s" "${qemu[@]}" </dev/null 2>&1 | tee "$outdir/console.log"
	qrc=${PIPESTATUS[0]}
else
	timeout -k 10 "$timeout_s" "${qemu[@]}" </dev/null >"$outdir/console.log" 2>&1
	qrc=$?
fi
set -e
[[ -n $verbose || ! -f $outdir/output.log ]] || cat "$outdir/output.log"

verdict() {
	echo "$1" >"$outdir/status"
	if [[ $1 != ok ]]; then
		echo "vm-run.sh: $kver: $2 (logs in $outdir)" >&2
		[[ -n $verbose ]] || tail -n 40 "$outdir/console.log" >&2
	fi
	exit "$3"
}

# dmesg.log exists only when the VM got as far as writing it. (An OOM
# kill inside a memory cgroup is not an error: see kernel-log-errors.)
logs=("$outdir/console.log")
[[ ! -f $outdir/dmesg.log ]] || logs+=("$outdir/dmesg.log")
if ! errors=$("$tree/scripts/vm/kernel-log-errors" "${logs[@]}"); then
	sort -u <<<"$errors" | head -n 20 >&2
	verdict kernel-error "the kernel logged a warning, oops or BUG" 123
fi
[[ $qrc -ne 124 && $qrc -ne 137 ]] || verdict hung "VM did not finish within ${timeout_s}s" 124
[[ -f $outdir/verdict ]] || verdict crashed "VM ended without a verdict (qemu exit $qrc)" 125
verdict ok "" "$(cat "$outdir/verdict")"
