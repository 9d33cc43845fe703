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
# The kernel options this needs (virtio-9p, overlayfs ...) are listed in
# scripts/vm/config. The command runs from a copy of the tree that contexts
# see (vm-stage2.sh, stage-tree.sh), wherever the tree was checked out.
#
# The verdict (the command's exit status) comes back as a file on the OUT
# share, never from the console. The console and the guest's dmesg are
# scanned for kernel warnings; the VM boots with panic_on_warn, so a warning
# also ends the run without a verdict.
#
# usage: vm-run.sh [-k KVER] [-m MODULE | -n] [-t SECONDS] [-o OUTDIR] [-v] -- CMD [ARG...]
#   -k KVER     kernel to boot (default: the newest installed, scripts/kernels.sh)
#   -m MODULE   vctx.ko to load (default: build/KVER/vctx.ko); -n loads none
#   -t SECONDS  bound on the whole VM run (default 600)
#   -o OUTDIR   where console.log, dmesg.log, output.log and verdict go
#   -v          copy the console to stdout while it runs
#
# Environment: VCTX_VM_ACCEL=kvm (default tcg) and VCTX_VM_CPU=host (default
# QEMU's) where KVM is known to work.
#
# Exit status: CMD's own status when the kernel stayed clean; otherwise
# 123 (kernel warning, oops or BUG), 124 (VM hung: timeout), 125 (VM died
# without a verdict, e.g. a panic). OUTDIR/status names which.
set -euo pipefail

tree=$(cd "$(dirname "$0")/../.." && pwd)
kver= module= no_module= timeout_s=600 outdir= verbose=

usage() { sed -n '/^# usage:/,/^# Exit status/p' "$0" | sed 's/^# \{0,1\}//' | head -n -1 >&2; exit 2; }

while getopts "k:m:nt:o:vh" opt; do
	case $opt in
	k) kver=$OPTARG ;;
	m) module=$OPTARG ;;
	n) no_module=1 ;;
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

command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found; install qemu-system-x86"
[[ -n $kver ]] || kver=$("$tree/scripts/kernels.sh" --newest)
[[ -n $kver ]] || die "no Debian kernel with headers installed (see scripts/install-deps.sh)"
[[ -r /boot/vmlinuz-$kver ]] || die "/boot/vmlinuz-$kver not found or not readable"
if [[ -z $no_module ]]; then
	[[ -n $module ]] || module=$tree/build/$kver/vctx.ko
	[[ -f $module ]] || die "$module not built; run 'make module KDIR=/lib/modules/$kver/build'"
	module=$(realpath "$module")
fi

vmdir=$tree/build/vm/$kver
initrd=$vmdir/initramfs.cpio.gz
mkdir -p "$vmdir"
if [[ ! -f $initrd || $tree/scripts/vm/vm-init -nt $initrd || $tree/scripts/vm/mkinitramfs.sh -nt $initrd ]]; then
	"$tree/scripts/vm/mkinitramfs.sh" "$kver" "$initrd"
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
} >"$outdir/job.env"
{
	echo 'set -o pipefail'
	printf '%q ' "$@"
	echo
} >"$outdir/job.sh"

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
	-kernel "/boot/vmlinuz-$kver" -initrd "$initrd"
	-append "console=ttyS0 panic=-1 panic_on_warn=1 oops=panic loglevel=6 vmrun_tree=$tree"
	-fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
	-device "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot"
	-fsdev "local,id=vctxout,path=$outdir,security_model=none,multidevs=remap"
	-device "virtio-9p-pci,fsdev=vctxout,mount_tag=vctxout")

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
