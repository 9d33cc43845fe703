#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Disk quota per guest (SPEC 3.9): a guest's root on ext4 or XFS gets a
# project id of its own and a PRJQUOTA limit; df inside shows the limit,
# writes past it fail with EDQUOT, and guest root can neither re-tag its
# files to walk out of its project nor touch project quotas (vctx.ko),
# while the host can. Each refusal has its baseline: the same call made by
# the host works.
#
#   /run/vctx-q/ext4.img  ext4 -O quota,project, mounted -o prjquota
#     qe  DISK=8M INODES=400     qf  DISK=4M
#   /run/vctx-q/xfs.img   XFS, mounted -o prjquota
#     qx  DISK=8M INODES=400
#
# Runs in the test VM as root with vctx.ko loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
QTRY=$VCTX_BUILD/selftests/helpers/quota_try
Q=/run/vctx-q
export VCTX_CONFIG_DIR=$Q/etc
export VCTX_PROJECTS_FILE=$Q/projects

# A vctx monitor --json into $Q/events, listening when this returns.
monitor_start() {
	"$VCTX" monitor --json >"$Q/events" 2>"$Q/events.err" &
	echo $! >"$Q/monitor.pid"
	wait_until 10 grep -q listening "$Q/events.err" || { cat "$Q/events.err"; return 1; }
}

# check runs each function in a subshell: the pid is kept in a file.
monitor_stop() {
	[[ -f $Q/monitor.pid ]] && kill "$(cat "$Q/monitor.pid")" 2>/dev/null
	rm -f "$Q/monitor.pid"
	return 0
}

# Whether $Q/events has a denied event of rule quota from guest $1.
quota_denied_from() {
	grep '"event":"denied"' "$Q/events" | grep "\"name\":\"$1\"" | grep -q '"rule":"quota"'
}

stop_guests() {
	local g
	for g in qe qf qx qbad; do
		"$VCTX" stop -t 5 "$g" >/dev/null 2>&1
		"$VCTX" destroy --force "$g" >/dev/null 2>&1
	done
	return 0
}

cleanup() {
	monitor_stop
	stop_guests
	umount "$Q/ext4" "$Q/xfs" "$Q/plain" 2>/dev/null
	rm -rf "$Q"
}

# An image of $1 (ext4 or xfs) mounted at $Q/$1 with project quota on.
make_fs() {
	local fs=$1
	mkdir -p "$Q/$fs" || return 1
	case $fs in
	ext4)
		truncate -s 64M "$Q/ext4.img" &&
			mkfs.ext4 -q -O quota,project "$Q/ext4.img" &&
			mount -o loop,prjquota "$Q/ext4.img" "$Q/ext4" ;;
	xfs)
		# mkfs.xfs wants 300 MB at least; the file is sparse (tmpfs).
		truncate -s 320M "$Q/xfs.img" &&
			mkfs.xfs -q "$Q/xfs.img" &&
			mount -o loop,prjquota "$Q/xfs.img" "$Q/xfs" ;;
	esac
}

# Guest $1 on file system $2 with config lines $3...: a busybox skeleton
# with quota_try, started.
make_guest() {
	local name=$1 fs=$2 root
	shift 2
	root=$Q/$fs/$name
	expect_status 0 "$VCTX" build "$name" --skeleton --root "$root" || return 1
	cp "$QTRY" "$root/bin/quota_try" || return 1
	if [[ $# -gt 0 ]]; then
		expect_status 0 "$VCTX" config "$name" "$@" || return 1
	fi
	expect_status 0 "$VCTX" start "$name" || return 1
}

in_guest() {
	local name=$1
	shift
	"$VCTX" exec "$name" -- "$@"
}

# The guest's view of its root: "1K-blocks inodes".
df_in() {
	in_guest "$1" df -k / | awk 'NR == 2 { printf "%s ", $2 }'
	in_guest "$1" df -i / | awk 'NR == 2 { print $2 }'
}

# What vctx limit --json says of the guest's disk: "project current max inodes_max".
disk_of() {
	"$VCTX" limit --json "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)["disk"]
print(d["project"], d["current"], d["max"], d["inodes_max"]) if d else print("none")'
}

setup() {
	cleanup
	mkdir -p "$Q/etc" || return 1
	modprobe loop 2>/dev/null
	make_fs ext4 || return 1
	make_fs xfs || return 1
	make_guest qe ext4 DISK=8M INODES=400 || return 1
	make_guest qx xfs DISK=8M INODES=400 || return 1
}

df_shows_the_limit() {
	local fs=$1 name=$2 got
	got=$(df_in "$name")
	expect_eq "$got" "8192 400" "df -k and df -i inside $name ($fs)" || return 1
	# The host's view of the whole file system is not the guest's.
	got=$(df -k "$Q/$fs" | awk 'NR == 2 { print $2 }')
	[[ $got -gt 16384 ]] || { echo "the host's df of $Q/$fs shows $got"; return 1; }
	read -r proj cur max imax < <(disk_of "$name")
	[[ $proj -ge 100000 ]] || { echo "project id $proj"; return 1; }
	expect_eq "$max $imax" "8388608 400" "vctx limit's disk max" || return 1
	[[ $cur -gt 0 ]] || { echo "no usage counted: $cur"; return 1; }
	expect_status 0 "$VCTX" stat --json "$name" || return 1
	expect_contains "$OUT" '"disk_max":8388608' || return 1
	expect_status 0 "$VCTX" limit "$name" || return 1
	expect_contains "$OUT" "of 8M (project $proj)" || return 1
}

# ext4 says EDQUOT; XFS says ENOSPC for a project (its quota is the size
# of the directory tree, as a file system's would be).
full_error() {
	[[ $1 == xfs ]] && echo "No space left on device" || echo "Disk quota exceeded"
}

write_past_limit_fails() {
	local name=$1 fs=$2 ret=0
	expect_status 1 in_guest "$name" dd if=/dev/zero of=/fill bs=64k count=256 &&
		expect_contains "$OUT" "$(full_error "$fs")" || ret=1
	in_guest "$name" rm -f /fill
	[[ $ret -eq 0 ]] || return 1
	# Files: 400 at most (the tree already holds some).
	expect_status 1 in_guest "$name" sh -c 'mkdir /many && cd /many && i=0; while [ $i -lt 500 ]; do : >f$i || exit 1; i=$((i + 1)); done' &&
		expect_contains "$OUT" "$(full_error "$fs")" || ret=1
	in_guest "$name" rm -rf /many
	return $ret
}

# Guest root's attempts to leave its project, each refused, each working
# from the host; a flag change that moves nothing still works inside.
guest_cannot_retag() {
	local name=$1 fs=$2 root=$Q/$2/$1 proj
	read -r proj _ < <("$QTRY" show "$root/etc")
	[[ $proj -ge 100000 ]] || { echo "the tree is not tagged: $proj"; return 1; }
	monitor_start || return 1
	expect_status 1 in_guest "$name" quota_try projid /etc/passwd 0 || return 1
	expect_contains "$OUT" "Operation not permitted" || return 1
	wait_until 10 quota_denied_from "$name" || { echo "no denied event"; cat "$Q/events"; return 1; }
	monitor_stop
	expect_status 1 in_guest "$name" quota_try inherit /etc off || return 1
	expect_contains "$OUT" "Operation not permitted" || return 1
	expect_status 1 in_guest "$name" quota_try setflags /etc off || return 1
	expect_contains "$OUT" "Operation not permitted" || return 1
	# A new directory inherits; the guest cannot make one that does not.
	in_guest "$name" mkdir /escape || return 1
	expect_status 1 in_guest "$name" quota_try projid /escape 4242 || return 1
	expect_eq "$("$QTRY" show "$root/escape")" "$proj on" "a new directory's project" || return 1
	expect_eq "$("$QTRY" show "$root/etc/passwd")" "$proj off" "/etc/passwd's project" || return 1
	# Not a blanket refusal: other attributes still change inside.
	expect_status 0 in_guest "$name" quota_try noatime /etc/passwd on || return 1
	expect_status 0 in_guest "$name" quota_try noatime /etc/passwd off || return 1
	# quotactl on project quotas, reading included (it names other guests).
	# Q_GETINFO needs no capability, so only vctx.ko refuses it; the others
	# the kernel refuses first to a guest without CAP_SYS_ADMIN.
	expect_status 1 in_guest "$name" quota_try qinfo / || return 1
	expect_contains "$OUT" "Operation not permitted" || return 1
	expect_status 1 in_guest "$name" quota_try qget / "$proj" || return 1
	expect_contains "$OUT" "Operation not permitted" || return 1
	expect_status 1 in_guest "$name" quota_try qset / "$proj" 0 || return 1
	expect_contains "$OUT" "Operation not permitted" || return 1
	# The baselines: the host does all of it.
	expect_status 0 "$QTRY" projid "$root/escape" 4242 || return 1
	expect_status 0 "$QTRY" projid "$root/escape" "$proj" || return 1
	expect_status 0 "$QTRY" qinfo "$root" || return 1
	expect_status 0 "$QTRY" qget "$root" "$proj" || return 1
	expect_status 0 "$QTRY" qset "$root" "$proj" 8192 || return 1
	in_guest "$name" rmdir /escape
}

# The same with the file systems' own tools, copied into the guest.
copy_tool() {
	local root=$1 bin=$2 lib
	cp "$bin" "$root/bin/" || return 1
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")" && cp -L "$lib" "$root$lib" || return 1
	done
}

real_tools_refused() {
	local root=$Q/ext4/qe xroot=$Q/xfs/qx
	copy_tool "$root" "$(command -v chattr)" || return 1
	copy_tool "$xroot" "$(command -v xfs_io)" || return 1
	expect_status 1 in_guest qe chattr -p 4242 /etc/passwd || return 1
	expect_status 1 in_guest qe chattr -P /etc || return 1
	# xfs_io's exit status is that of its last command: the output counts.
	OUT=$(in_guest qx xfs_io -c "chproj 4242" /etc/passwd 2>&1)
	expect_contains "$OUT" "Operation not permitted" || return 1
	OUT=$(in_guest qx xfs_io -c "chattr -P" /etc 2>&1)
	expect_contains "$OUT" "Operation not permitted" || return 1
	expect_eq "$("$QTRY" show "$xroot/etc/passwd" | cut -d' ' -f1)" \
		"$("$QTRY" show "$xroot" | cut -d' ' -f1)" "XFS /etc/passwd's project" || return 1
	expect_eq "$("$QTRY" show "$xroot/etc" | cut -d' ' -f2)" on "XFS /etc still inherits" || return 1
	# The host's chattr moves a file, and back.
	expect_status 0 chattr -p 4242 "$root/etc/passwd" || return 1
	expect_status 0 chattr -p "$("$QTRY" show "$root" | cut -d' ' -f1)" "$root/etc/passwd" || return 1
}

survives_restart() {
	local before after
	before=$(disk_of qe | cut -d' ' -f1)
	expect_status 0 "$VCTX" stop -t 10 qe || return 1
	expect_status 0 "$VCTX" start qe || return 1
	after=$(disk_of qe | cut -d' ' -f1)
	expect_eq "$after" "$before" "project id after a restart" || return 1
	expect_eq "$(df_in qe)" "8192 400" "df after a restart" || return 1
}

two_guests_independent() {
	local pe pf ret=0
	make_guest qf ext4 DISK=4M || return 1
	pe=$(disk_of qe | cut -d' ' -f1)
	pf=$(disk_of qf | cut -d' ' -f1)
	[[ $pe != "$pf" ]] || { echo "qe and qf share project $pe"; return 1; }
	expect_eq "$(df_in qf | cut -d' ' -f1)" 4096 "qf's df" || return 1
	expect_status 1 in_guest qf dd if=/dev/zero of=/fill bs=64k count=128 &&
		expect_contains "$OUT" "Disk quota exceeded" &&
		# qe's room is its own: 2 MiB still fit while qf is full.
		expect_status 0 in_guest qe dd if=/dev/zero of=/two bs=64k count=32 || ret=1
	in_guest qe rm -f /two
	in_guest qf rm -f /fill
	[[ $ret -eq 0 ]] || return 1
	expect_eq "$(grep -c . "$VCTX_PROJECTS_FILE")" 3 "project records (qe, qx, qf)" || return 1
}

limit_changes_a_running_guest() {
	expect_status 0 "$VCTX" limit qe --disk 6M || return 1
	expect_eq "$(df_in qe | cut -d' ' -f1)" 6144 "df after vctx limit --disk 6M" || return 1
	expect_status 0 "$VCTX" limit qe --disk max || return 1
	[[ $(df_in qe | cut -d' ' -f1) -gt 16384 ]] || { echo "--disk max left a limit"; return 1; }
	expect_status 0 "$VCTX" limit qe --disk 8M || return 1
}

errors_say_what_to_fix() {
	mkdir -p "$Q/plain" "$Q/tmproot" || return 1
	mount -t tmpfs none "$Q/plain" || return 1
	expect_status 125 "$VCTX" create --root "$Q/plain" --disk 1M qbad || return 1
	expect_contains "$OUT" "needs ext4 or XFS" || return 1
	umount "$Q/plain"
	# ext4 without prjquota at mount.
	truncate -s 32M "$Q/noq.img" && mkfs.ext4 -q "$Q/noq.img" &&
		mount -o loop "$Q/noq.img" "$Q/plain" || return 1
	mkdir "$Q/plain/r"
	expect_status 125 "$VCTX" create --root "$Q/plain/r" --disk 1M qbad || return 1
	expect_contains "$OUT" "project quota is off" || return 1
	expect_contains "$OUT" "tune2fs -O project,quota" || return 1
	umount "$Q/plain"
	expect_status 125 "$VCTX" create --disk 1M qbad || return 1
	expect_contains "$OUT" "give 'qbad' one with --root DIR" || return 1
	# A context on the host's read-only view takes no quota, even when / is ext4.
	expect_status 0 "$VCTX" create qbad || return 1
	expect_status 125 "$VCTX" limit qbad --disk 1M || return 1
	expect_contains "$OUT" "is read-only" || return 1
	expect_status 0 "$VCTX" destroy --force qbad || return 1
	expect_status 125 "$VCTX" create --root "$Q/ext4/qe" --disk 12 qbad || return 1
	expect_contains "$OUT" "invalid --disk '12'" || return 1
	! "$VCTX" info qbad >/dev/null 2>&1 || { echo "a refused create left qbad"; return 1; }
}

# Whether $Q/events has a DISK event of guest $1 for blocks at level $2.
disk_level_from() {
	python3 - "$Q/events" "$1" "$2" <<'PY'
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
sys.exit(0 if any(e["event"] == "disk" and e.get("name") == sys.argv[2] and
                  e.get("resource") == "blocks" and e.get("level") == int(sys.argv[3])
                  for e in evs) else 1)
PY
}

# The watch vctx sets up with the limit (vctx.ko's VCTX_IOC_SET_DISK): a
# guest filling its 8M to 92 % raises a 90 % event, and freeing the room a
# fall back below 90 %. (A write past the limit stops a few blocks short of
# it on ext4, so 100 % is left to disk_test, which fills it exactly.)
limit_raises_disk_events() {
	local cur fill ret=0
	read -r _ cur _ _ < <(disk_of qe)
	fill=$(((8388608 * 92 / 100 - cur) / 65536))
	[[ $fill -gt 0 ]] || { echo "qe already uses $cur bytes"; return 1; }
	monitor_start || return 1
	expect_status 0 in_guest qe dd if=/dev/zero of=/ninety bs=64k count="$fill" || ret=1
	[[ $ret -eq 0 ]] && { wait_until 15 disk_level_from qe 90 || { echo "no 90 % event"; ret=1; }; }
	in_guest qe rm -f /ninety
	[[ $ret -eq 0 ]] && { wait_until 15 disk_level_from qe 0 || { echo "no fall-back event"; ret=1; }; }
	[[ $ret -eq 0 ]] || cat "$Q/events"
	monitor_stop
	return $ret
}

# ext4 lets CAP_SYS_RESOURCE write past a hard limit: a guest keeping it
# gets no disk limit, with a reason; without the limit it still starts.
cap_sys_resource_refused() {
	mkdir -p "$Q/ext4/qcap" || return 1
	expect_status 125 "$VCTX" create --root "$Q/ext4/qcap" --cap-keep sys_resource --disk 1M qbad || return 1
	expect_contains "$OUT" "keeps CAP_SYS_RESOURCE" || return 1
	expect_contains "$OUT" "drop --cap-keep sys_resource" || return 1
	! "$VCTX" info qbad >/dev/null 2>&1 || { echo "a refused create left qbad"; return 1; }
	expect_status 0 "$VCTX" create --root "$Q/ext4/qcap" --cap-keep sys_resource qbad || return 1
	expect_status 125 "$VCTX" limit qbad --disk 1M || return 1
	expect_contains "$OUT" "keeps CAP_SYS_RESOURCE" || return 1
	expect_status 0 "$VCTX" limit qbad --disk max || return 1
	expect_status 0 "$VCTX" destroy --force qbad || return 1
}

check "set up ext4 and XFS images with a guest each" setup
check "ext4: df inside shows the guest's limit, vctx limit/stat its usage" df_shows_the_limit ext4 qe
check "XFS: df inside shows the guest's limit, vctx limit/stat its usage" df_shows_the_limit xfs qx
check "ext4: a write past the limit fails with EDQUOT" write_past_limit_fails qe ext4
check "XFS: a write past the limit fails with ENOSPC (XFS's word for a project)" write_past_limit_fails qx xfs
check "ext4: guest root cannot re-tag its files or use project quotactl; the host can" guest_cannot_retag qe ext4
check "XFS: guest root cannot re-tag its files or use project quotactl; the host can" guest_cannot_retag qx xfs
check "chattr -p/-P and xfs_io chproj inside are refused" real_tools_refused
check "the quota survives a guest restart" survives_restart
check "two guests' quotas are independent" two_guests_independent
check "vctx limit --disk changes a running guest's limit" limit_changes_a_running_guest
check "errors name what to enable" errors_say_what_to_fix
check "vctx limit --disk raises a DISK event at 90 % and when back below" limit_raises_disk_events
check "a guest keeping CAP_SYS_RESOURCE gets no disk limit, with the reason" cap_sys_resource_refused
cleanup
done_testing
