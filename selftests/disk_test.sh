#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The disk quota watch (VCTX_IOC_SET_DISK): a project quota on an ext4
# image, watched for a context, raises DISK events when its blocks or
# inodes cross 90 % and 100 % of the hard limit and when they fall back
# below 90 %; the watch pins the mount until it is removed or the context
# destroyed; ext4 without quota answers ESRCH, tmpfs EOPNOTSUPP.
#
#   loop device <- ext4 -O quota,project, mounted prjquota at $MNT
#   $MNT/guest tagged project 4242 (inherited), limits set by quotactl
#   vctx.ko polls get_dqblk --(genl)--> vctx monitor --json >out
#
# diskq (selftests/diskq.c) does the quotactl and ioctl parts: the quota
# package is not needed. Runs in the test VM as root with vctx.ko loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
DISKQ=$VCTX_BUILD/selftests/helpers/diskq
: "${VCTX_MODULE:?}"
TMP=$(mktemp -d)
MNT=$TMP/mnt
PROJ=4242
chmod 755 "$TMP"

# check runs each function in a subshell: monitors and loop devices are
# remembered in files.
after_each() {
	local pid
	for pid in $(cat "$TMP/monitors" 2>/dev/null); do
		kill "$pid"
	done
	reset_contexts
	fsfreeze -u "$MNT" 2>/dev/null
	umount "$MNT" 2>/dev/null
	umount "$TMP/plain" 2>/dev/null
	umount "$TMP/tmpfs" 2>/dev/null
	for dev in $(cat "$TMP/loops" 2>/dev/null); do
		losetup -d "$dev"
	done
	rm -rf "${TMP:?}"/*
}

monitor() {
	local out=$1
	shift
	"$VCTX" monitor --json "$@" >"$out" 2>"$out.err" &
	echo $! >>"$TMP/monitors"
	wait_until 10 grep -q 'listening' "$out.err" || { cat "$out.err"; return 1; }
}

xid_of() {
	"$VCTX" --json info "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["xid"])'
}

# image NAME MKFS_OPTS...: an ext4 image on a loop device; prints the device.
image() {
	local name=$1 dev
	shift
	truncate -s 64M "$TMP/$name.img" || return 1
	mkfs.ext4 -q -F -b 4096 "$@" "$TMP/$name.img" >&2 || return 1
	dev=$(losetup -f --show "$TMP/$name.img") || return 1
	echo "$dev" >>"$TMP/loops"
	echo "$dev"
}

# quota_fs: $MNT with project quota on, $MNT/guest in project $PROJ;
# the device in $TMP/dev.
quota_fs() {
	local dev
	need_kmod loop CONFIG_BLK_DEV_LOOP || return
	need_kmod ext4 CONFIG_EXT4_FS || return
	dev=$(image q -O quota,project -E quotatype=prjquota) || return 1
	mkdir -p "$MNT" && mount -t ext4 -o prjquota "$dev" "$MNT" || return 1
	mkdir -m 777 "$MNT/guest" && "$DISKQ" project "$MNT/guest" "$PROJ" || return 1
	echo "$dev" >"$TMP/dev"
}

# Root ignores quota limits (CAP_SYS_RESOURCE): the guest's writes are nobody's.
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

# disk_event OUT RESOURCE LEVEL: OUT has that DISK event (of context dq).
disk_event() {
	python3 - "$@" <<'PY'
import json, sys
out, res, level = sys.argv[1], sys.argv[2], int(sys.argv[3])
for line in open(out):
    e = json.loads(line)
    if e["event"] == "disk" and e["name"] == "dq" and e["resource"] == res and e["level"] == level:
        sys.exit(0)
sys.exit(1)
PY
}

# disk_events OUT: the DISK events in OUT as "resource:level" words.
disk_events() {
	python3 - "$1" <<'PY'
import json, sys
print(" ".join("%s:%d" % (e["resource"], e["level"])
               for e in map(json.loads, open(sys.argv[1])) if e["event"] == "disk"))
PY
}

blocks_cross_90_and_100_and_fall_back() {
	local xid
	quota_fs || return
	"$DISKQ" limit "$(cat "$TMP/dev")" "$PROJ" 1024 0 || return 1
	monitor "$TMP/m" dq || return 1
	"$VCTX" create dq || return 1
	xid=$(xid_of dq) || return 1
	"$DISKQ" watch "$xid" "$MNT/guest" "$PROJ" || return 1
	# The directory's block and 920 KiB: past 90 % of 1 MiB.
	as_nobody dd if=/dev/zero of="$MNT/guest/f" bs=4k count=230 conv=fsync status=none || return 1
	wait_until 10 disk_event "$TMP/m" blocks 90 || { cat "$TMP/m"; return 1; }
	# Then up to the limit: the write fails with EDQUOT there.
	! as_nobody dd if=/dev/zero of="$MNT/guest/g" bs=4k count=256 conv=fsync status=none 2>/dev/null ||
		{ echo "wrote past the hard limit"; return 1; }
	wait_until 10 disk_event "$TMP/m" blocks 100 || { cat "$TMP/m"; return 1; }
	rm -f "$MNT/guest/f" "$MNT/guest/g" && sync
	wait_until 10 disk_event "$TMP/m" blocks 0 || { cat "$TMP/m"; return 1; }
	expect_eq "$(disk_events "$TMP/m")" "blocks:90 blocks:100 blocks:0" || return 1
	python3 - "$TMP/m" <<'PY' || return 1
import json, sys
ev = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "disk"]
for e in ev:
    assert e["limit"] == 1048576, e
    assert e["xid"] >= 49152 and e["name"] == "dq", e
assert 943719 <= ev[0]["usage"] < 1048576, ev[0]
assert ev[1]["usage"] >= 1048576, ev[1]
assert ev[2]["usage"] < 943719, ev[2]
PY
}

inodes_cross_90_and_100() {
	local xid i
	quota_fs || return
	"$DISKQ" limit "$(cat "$TMP/dev")" "$PROJ" 0 10 || return 1
	monitor "$TMP/m" dq || return 1
	"$VCTX" create dq || return 1
	xid=$(xid_of dq) || return 1
	"$DISKQ" watch "$xid" "$MNT/guest" "$PROJ" || return 1
	# The directory is the project's first inode.
	as_nobody touch "$MNT"/guest/f{2..9} || return 1
	wait_until 10 disk_event "$TMP/m" inodes 90 || { cat "$TMP/m"; return 1; }
	as_nobody touch "$MNT/guest/f10" || return 1
	! as_nobody touch "$MNT/guest/f11" 2>/dev/null || { echo "created past the inode limit"; return 1; }
	wait_until 10 disk_event "$TMP/m" inodes 100 || { cat "$TMP/m"; return 1; }
	expect_eq "$(disk_events "$TMP/m")" "inodes:90 inodes:100" || return 1
}

text_monitor_prints_the_figures() {
	local xid
	quota_fs || return
	"$DISKQ" limit "$(cat "$TMP/dev")" "$PROJ" 1024 0 || return 1
	"$VCTX" monitor dq >"$TMP/t" 2>"$TMP/t.err" &
	echo $! >>"$TMP/monitors"
	wait_until 10 grep -q 'listening' "$TMP/t.err" || return 1
	"$VCTX" create dq || return 1
	xid=$(xid_of dq) || return 1
	# Already past 90 % when the watch starts: its first look reports it.
	as_nobody dd if=/dev/zero of="$MNT/guest/f" bs=4k count=240 conv=fsync status=none || return 1
	"$DISKQ" watch "$xid" "$MNT/guest" "$PROJ" || return 1
	wait_until 10 grep -q ' disk ' "$TMP/t" || { cat "$TMP/t"; return 1; }
	grep -Eq "disk +xid=$xid name=dq blocks 90% 9[0-9][0-9]\.[0-9]K of 1M$" "$TMP/t" ||
		{ cat "$TMP/t"; return 1; }
}

watch_pins_the_mount_until_removed_or_destroyed() {
	local xid
	quota_fs || return
	"$VCTX" create dq || return 1
	xid=$(xid_of dq) || return 1
	"$DISKQ" watch "$xid" "$MNT/guest" "$PROJ" || return 1
	! umount "$MNT" 2>/dev/null || { echo "unmounted under a watch"; return 1; }
	# A failed call changes nothing: the watch (and the pin) stay.
	expect_status 1 "$DISKQ" watch "$xid" /proc "$PROJ" || return 1
	expect_eq "$OUT" "diskq: errno EOPNOTSUPP" || return 1
	! umount "$MNT" 2>/dev/null || { echo "a failed call dropped the watch"; return 1; }
	"$DISKQ" unwatch "$xid" || return 1
	umount "$MNT" || { echo "the removed watch still pins the mount"; return 1; }
	mount -t ext4 -o prjquota "$(cat "$TMP/dev")" "$MNT" || return 1
	"$DISKQ" watch "$xid" "$MNT/guest" "$PROJ" || return 1
	! umount "$MNT" 2>/dev/null || { echo "unmounted under a watch"; return 1; }
	"$VCTX" destroy --force dq || return 1
	umount "$MNT" || { echo "the destroyed context's watch still pins the mount"; return 1; }
}

replacing_a_watch_drops_the_old_pin() {
	local xid
	quota_fs || return
	mkdir -p "$TMP/tmpfs" && mount -t tmpfs none "$TMP/tmpfs" || return 1
	"$VCTX" create dq || return 1
	xid=$(xid_of dq) || return 1
	"$DISKQ" watch "$xid" "$MNT/guest" "$PROJ" || return 1
	"$DISKQ" watch "$xid" "$MNT" 4343 || return 1
	! umount "$MNT" 2>/dev/null || { echo "unmounted under a watch"; return 1; }
	expect_status 1 "$DISKQ" watch "$xid" "$TMP/tmpfs" "$PROJ" || return 1
	expect_eq "$OUT" "diskq: errno EOPNOTSUPP" || return 1
	"$DISKQ" unwatch "$xid" || return 1
	umount "$MNT" || return 1
}

ext4_without_quota_is_esrch() {
	local dev xid
	need_kmod loop CONFIG_BLK_DEV_LOOP || return
	need_kmod ext4 CONFIG_EXT4_FS || return
	dev=$(image plain) || return 1
	mkdir -p "$TMP/plain" && mount -t ext4 "$dev" "$TMP/plain" || return 1
	"$VCTX" create dq || return 1
	xid=$(xid_of dq) || return 1
	expect_status 1 "$DISKQ" watch "$xid" "$TMP/plain" "$PROJ" || return 1
	expect_eq "$OUT" "diskq: errno ESRCH" || return 1
	umount "$TMP/plain" || { echo "a refused watch pins the mount"; return 1; }
}

frozen_filesystem_is_skipped_then_read() {
	local xid
	quota_fs || return
	"$DISKQ" limit "$(cat "$TMP/dev")" "$PROJ" 1024 0 || return 1
	monitor "$TMP/m" dq || return 1
	"$VCTX" create dq || return 1
	xid=$(xid_of dq) || return 1
	fsfreeze -f "$MNT" || return 1
	# A watch set on a frozen filesystem; polls pass over it (no wait to
	# observe: a poll that blocked would hang the thaw below).
	"$DISKQ" watch "$xid" "$MNT/guest" "$PROJ" || { fsfreeze -u "$MNT"; return 1; }
	sleep 2.5
	timeout 10 fsfreeze -u "$MNT" || { echo "the thaw hung behind a poll"; return 1; }
	as_nobody dd if=/dev/zero of="$MNT/guest/f" bs=4k count=230 conv=fsync status=none || return 1
	wait_until 10 disk_event "$TMP/m" blocks 90 || { cat "$TMP/m"; return 1; }
}

module_unloads_with_watches() {
	local xid
	quota_fs || return
	"$VCTX" create dq || return 1
	xid=$(xid_of dq) || return 1
	"$DISKQ" watch "$xid" "$MNT/guest" "$PROJ" || return 1
	"$VCTX" destroy --force dq || return 1
	rmmod vctx || return 1
	insmod "$VCTX_MODULE" || return 1
	umount "$MNT" || return 1
}

check "blocks cross 90 % and 100 % and fall back below 90 %" blocks_cross_90_and_100_and_fall_back
check "inodes cross 90 % and 100 %" inodes_cross_90_and_100
check "the text monitor prints the figures" text_monitor_prints_the_figures
check "a watch pins the mount until removed or destroyed" watch_pins_the_mount_until_removed_or_destroyed
check "replacing a watch drops the old pin" replacing_a_watch_drops_the_old_pin
check "ext4 without quota is ESRCH" ext4_without_quota_is_esrch
check "a frozen filesystem is passed over, then read" frozen_filesystem_is_skipped_then_read
check "the module unloads after watches" module_unloads_with_watches
rm -rf "$TMP"
done_testing
