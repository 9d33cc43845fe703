#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test VM's job under systemd (vm-run.sh -S), run by vctx-vm-job.service
# once multi-user.target is reached (vm-systemd-setup.sh). What
# vm-stage2.sh does as pid 1, here as a unit: mount the output share, copy
# the tree where contexts see it, make the freshly built vctx.ko loadable
# by modprobe (installed under /lib/modules/KVER/updates, not loaded: the
# tests load it the way a host does, through vctx@.service or udev), run
# the command, write the verdict. Then a clean poweroff through systemd,
# which stops every unit as a host's shutdown does; the console, scanned by
# the host, has the kernel's log of that shutdown too.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8

out=/run/vctx-out
# Bounds, not expectations: the boot to multi-user.target takes 10-40 s
# under emulation.
boot_timeout=300

finish() {
	dmesg >"$out/dmesg.log" 2>&1
	journalctl -b --no-pager >"$out/journal.log" 2>&1
	echo "$1" >"$out/verdict.tmp" && mv "$out/verdict.tmp" "$out/verdict"
	sync
	systemctl poweroff --no-block || poweroff -f
	exit 0
}

mkdir -p "$out"
case " $(cat /proc/cmdline) " in
*" vmrun_fs=virtiofs "*) mount -t virtiofs vctxout "$out" ;;
*) mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 vctxout "$out" ;;
esac || {
	echo "vm-systemd-job: cannot mount the output share" >/dev/console
	poweroff -f
}

# The boot is over when systemd's job queue is empty: "running", or
# "degraded" when some unit failed (listed, not fatal: the VM's root is a
# copy of a host that runs other things).
state=$(timeout "$boot_timeout" systemctl is-system-running --wait 2>&1)
echo "$state" >"$out/system-state"
systemctl --failed --no-legend --plain >>"$out/system-state" 2>&1
case $state in
running | degraded) ;;
*)
	echo "vm-systemd-job: the boot did not finish within ${boot_timeout}s: $state" >"$out/output.log"
	finish 125
	;;
esac

set -a
# shellcheck source=/dev/null
. "$out/job.env"
set +a

stage=/opt/vctx-tree
if [[ $VCTX_TREE != "$stage" ]]; then
	"$VCTX_TREE/scripts/vm/stage-tree.sh" "$VCTX_TREE" "$stage" >"$out/stage.log" 2>&1 ||
		finish 125
	export VCTX_TREE=$stage VCTX_BUILD=$stage/build
fi
if [[ -n ${VCTX_MODULE:-} ]]; then
	dir=/lib/modules/$(uname -r)/updates
	{ mkdir -p "$dir" && cp "$VCTX_MODULE" "$dir/vctx.ko" && depmod -a; } >"$out/insmod.log" 2>&1 ||
		finish 125
fi
cd "$VCTX_TREE" || finish 125
VCTX_OUT=$out bash "$out/job.sh" </dev/null 2>&1 | tee "$out/output.log" >/dev/console
finish "${PIPESTATUS[0]}"
