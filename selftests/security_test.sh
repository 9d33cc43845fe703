#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A hostile guest root (SPEC section 7) against a context with the default
# capabilities: each check tries to break one rule and asserts it held.
#
#   host: /host-marker        context "sec" (--root $root):
#         vctx.ko, /dev/vctx    /guest-marker, busybox, chroot_escape
#
# Runs in the test VM as root with vctx.ko loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
root=/tmp/vctx-sec-root

setup() {
	rm -rf "$root"
	mkdir -p "$root"/{bin,proc,sys,dev,run,tmp,etc}
	cp /bin/busybox "$root/bin/busybox"
	for applet in sh cat ls mkdir mknod echo insmod modprobe mount chroot ps sleep grep; do
		ln -s busybox "$root/bin/$applet"
	done
	cp "$VCTX_BUILD/selftests/helpers/chroot_escape" "$VCTX_BUILD/selftests/helpers/kexec_try" \
		"$VCTX_BUILD/selftests/helpers/compat32_try" "$root/bin/"
	touch "$root/guest-marker" /host-marker
	"$VCTX" create --root "$root" sec || return 1
}

teardown() {
	"$VCTX" destroy --force sec
	rm -rf "$root" /host-marker
}

in_guest() {
	"$VCTX" exec sec -- /bin/sh -c "$1"
}

cannot_see_host_processes() {
	local comms
	# Every process the guest sees is its own: init and this shell (busybox
	# may run cat in-process or as a child: either is the guest's).
	comms=$(in_guest 'for p in /proc/[0-9]*; do cat $p/comm; done' | grep -vx cat | sort -u | tr '\n' ' ') || return 1
	expect_eq "$comms" "sh vctx-init " "processes visible in the guest" || return 1
	expect_eq "$(in_guest 'cat /proc/1/comm')" vctx-init "pid 1 in the guest" || return 1
	in_guest "test ! -e /proc/$$/status" || { echo "host pid $$ visible"; return 1; }
}

cannot_reach_dev_vctx() {
	in_guest 'test ! -e /dev/vctx' || { echo "/dev/vctx present in the guest"; return 1; }
	local major minor
	read -r major minor < <(stat -c '%t %T' /dev/vctx)
	expect_status 1 in_guest "mknod /dev/vctx c $((0x$major)) $((0x$minor))" || return 1
	expect_contains "$OUT" "Operation not permitted" || return 1
	# With mknod allowed, the node can be made but the module refuses a guest.
	"$VCTX" create --root "$root" --cap-keep mknod secmk || return 1
	expect_status 1 "$VCTX" exec secmk -- /bin/sh -c \
		"mknod /dev/vctx c $((0x$major)) $((0x$minor)) && cat /dev/vctx"
	local rc=$? out=$OUT
	"$VCTX" destroy --force secmk
	[[ $rc -eq 0 ]] || return 1
	expect_contains "$out" "Operation not permitted" || return 1
}

cannot_write_kernel_settings() {
	local before
	before=$(cat /proc/sys/kernel/core_pattern)
	# Hidden from guests by vctx.ko (ENOENT), and read-only besides.
	expect_status 1 in_guest 'echo "|/bin/evil" > /proc/sys/kernel/core_pattern' || return 1
	expect_contains "$OUT" "nonexistent directory" || return 1
	expect_eq "$(cat /proc/sys/kernel/core_pattern)" "$before" "host core_pattern" || return 1
	before=$(cat /proc/sys/vm/swappiness)
	expect_status 1 in_guest 'echo 7 > /proc/sys/vm/swappiness' || return 1
	expect_contains "$OUT" "Read-only file system" || return 1
	expect_eq "$(cat /proc/sys/vm/swappiness)" "$before" "host swappiness" || return 1
	expect_status 1 in_guest 'echo b > /proc/sysrq-trigger' || return 1
	expect_status 1 in_guest 'echo 1 > /sys/kernel/mm/ksm/run' || return 1
	# No remounting either: CAP_SYS_ADMIN is not in the bounding set.
	expect_status 1 in_guest 'mount -o remount,rw /proc/sys' || return 1
	expect_status 1 in_guest 'mount -t proc proc /tmp' || return 1
}

cannot_load_a_module() {
	local ko
	ko=$(modinfo -n dummy) || return 1
	# Another test may have loaded it: start from a kernel without it.
	if grep -q '^dummy ' /proc/modules; then
		rmmod dummy || return 1
	fi
	mkdir -p "$root/lib" && cp "$ko" "$root/lib/" || return 1
	expect_status 1 in_guest "insmod /lib/$(basename "$ko") || exit 1" || return 1
	! grep -q '^dummy ' /proc/modules || { echo "the guest loaded dummy"; return 1; }
}

cannot_kexec() {
	local kexec_try=$VCTX_BUILD/selftests/helpers/kexec_try
	need_file /sys/kernel/kexec_loaded CONFIG_KEXEC || return
	# The requests are harmless and allowed: the host makes them.
	expect_status 0 "$kexec_try" load || return 1
	expect_status 0 "$kexec_try" file-unload || return 1
	# The guest holds CAP_SYS_BOOT (for its reboot), so only vctx.ko refuses.
	local capbnd
	capbnd=$(in_guest 'grep CapEff /proc/self/status') || return 1
	(( 0x${capbnd##*[[:space:]]} & (1 << 22) )) || { echo "no sys_boot in the guest: $capbnd"; return 1; }
	expect_status 1 in_guest '/bin/kexec_try load' || return 1
	expect_contains "$OUT" "Operation not permitted" || return 1
	expect_status 1 in_guest '/bin/kexec_try file-unload' || return 1
	expect_contains "$OUT" "Operation not permitted" || return 1
	# The 32-bit entry too (a 32-bit guest binary's), host first.
	expect_status 0 "$VCTX_BUILD/selftests/helpers/compat32_try" kexec || return 1
	expect_eq "$OUT" ok "the host's 32-bit kexec_load" || return 1
	expect_status 0 in_guest '/bin/compat32_try kexec' || return 1
	expect_eq "$OUT" EPERM "the guest's 32-bit kexec_load" || return 1
}

cannot_read_kernel_memory_or_log() {
	expect_status 1 in_guest 'cat /proc/kcore >/dev/null' || return 1
	expect_status 1 in_guest 'cat /proc/kmsg >/dev/null' || return 1
}

cannot_escape_its_root() {
	expect_status 0 in_guest /bin/chroot_escape || return 1
	# Also as the context's init would: through a second chroot shell.
	expect_status 0 in_guest 'mkdir -p /jail/bin && cp /bin/busybox /bin/chroot_escape /jail/bin/ && touch /jail/guest-marker && chroot /jail /bin/chroot_escape' || return 1
}

cannot_leave_its_cgroup() {
	expect_eq "$(in_guest 'cat /proc/self/cgroup')" "0::/" "cgroup seen inside" || return 1
	expect_status 1 in_guest 'echo $$ > /sys/fs/cgroup/cgroup.procs' || return 1
	expect_contains "$OUT" "Read-only file system" || return 1
	expect_status 1 in_guest 'mkdir -p /tmp/cg && mount -t cgroup2 none /tmp/cg' || return 1
	# Seen from the host, the guest's tasks are all still in its cgroup.
	in_guest 'sleep 60 </dev/null >/dev/null 2>&1 &' || return 1
	local n
	n=$(grep -lx "0::/vctx/sec" /proc/[0-9]*/cgroup 2>/dev/null | wc -l)
	expect_eq "$n" 2 "host tasks in /vctx/sec (init and the sleep)" || return 1
	expect_eq "$(wc -l </sys/fs/cgroup/vctx/sec/cgroup.procs)" 2 "cgroup.procs" || return 1
}

check "setup: a context with a minimal root" setup
check "a guest cannot see host processes" cannot_see_host_processes
check "a guest cannot reach /dev/vctx" cannot_reach_dev_vctx
check "a guest cannot write kernel settings" cannot_write_kernel_settings
check "a guest cannot load a module" cannot_load_a_module
check "a guest cannot read kcore or kmsg" cannot_read_kernel_memory_or_log
check "a guest with sys_boot cannot kexec" cannot_kexec
check "a guest cannot escape its root" cannot_escape_its_root
check "a guest cannot leave its cgroup" cannot_leave_its_cgroup
check "teardown" teardown
done_testing
