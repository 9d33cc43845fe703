#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stage 2 of the test VM, pid 1 in the overlay of the host's root. Reads the
# job the host left on the "vctxout" share (9p or virtio-fs), loads the
# freshly built vctx.ko if asked to, runs the job's command, and writes the
# verdict back to the share. The host never parses the console to learn
# the outcome. The job runs from /opt/vctx-tree, a copy of the tree that
# contexts see (VCTX_TREE and VCTX_BUILD name it), wherever the host's tree
# is.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8

out=/run/vctx-out

halt() {
	sync
	/bin/busybox poweroff -f
	sleep 10
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs -o mode=755 tmpfs /run
# /tmp stays the overlay's (writable already): the tree may live under it.
# nsdelegate, as systemd mounts it on every real host: vctx must work under
# it, and the tests that need a host without it remount for themselves.
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
mkdir -p /dev/pts /dev/shm "$out"
mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
case " $(cat /proc/cmdline) " in
*" vmrun_fs=virtiofs "*) mount -t virtiofs vctxout "$out" ;;
*) mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 vctxout "$out" ;;
esac || {
	echo "vm-stage2: cannot mount the output share" >/dev/console
	halt
}
hostname vctx-vm
ip link set lo up 2>/dev/null

set -a
# shellcheck source=/dev/null
. "$out/job.env"
set +a

rc=0
# A kernel built outside /boot (vm-run.sh -K) brings its modules: modprobe
# and the kernel's own request_module() find them where they always look.
if [[ -n ${VCTX_MODDIR:-} ]]; then
	mkdir -p "/lib/modules/$VCTX_KVER"
	mount --bind "$VCTX_MODDIR" "/lib/modules/$VCTX_KVER" || rc=125
fi
# The job runs from a copy of the tree where every context sees it
# (stage-tree.sh says why): the same run from a checkout anywhere.
stage=/opt/vctx-tree
if [[ $VCTX_TREE != "$stage" ]]; then
	if "$VCTX_TREE/scripts/vm/stage-tree.sh" "$VCTX_TREE" "$stage" >"$out/stage.log" 2>&1; then
		export VCTX_TREE=$stage VCTX_BUILD=$stage/build
	else
		echo "vm-stage2: cannot copy the tree to $stage" >>"$out/stage.log"
		rc=125
	fi
fi
if [[ $rc -eq 0 && -n ${VCTX_MODULE:-} ]]; then
	if ! insmod "$VCTX_MODULE" >"$out/insmod.log" 2>&1; then
		echo "vm-stage2: insmod $VCTX_MODULE failed" >>"$out/insmod.log"
		rc=125
	fi
fi
if [[ $rc -eq 0 ]]; then
	cd "$VCTX_TREE" || rc=125
fi
if [[ $rc -eq 0 ]]; then
	VCTX_OUT=$out bash "$out/job.sh" </dev/null 2>&1 | tee "$out/output.log" >/dev/console
	rc=${PIPESTATUS[0]}
fi

dmesg >"$out/dmesg.log" 2>&1
echo "$rc" >"$out/verdict.tmp" && mv "$out/verdict.tmp" "$out/verdict"
halt
