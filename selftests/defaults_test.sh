#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The defaults that protect the host when an admin sets nothing (issue 17):
# a task and a memory limit on every context (/etc/vctx/vctx.conf over
# built-in values, the guest's own settings and the command line winning),
# the host's secrets hidden from the default root's view, and the socket
# families a context is given. Each attack runs inside a context, with a
# baseline that shows the same works without the protection, so the test
# can fail.
#
#   host: /etc/shadow, /root/secret, /etc/ssh/ssh_host_test_key, ...
#    |
#    +-- vctx/fb   hog bomb      (pids.max 1024 by default)
#    +-- vctx/mh   hog mem       (memory.max 50% of MemTotal by default)
#    +-- vctx run  cat, ls, umount, unshare -Urm umount (default root view)
#
# Runs in the test VM as root with vctx.ko loaded. Uses vctx run and
# create only (no vctx exec).
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
HOG=$VCTX_BUILD/selftests/helpers/hog
CG=/sys/fs/cgroup/vctx
conf=$(mktemp -d /tmp/vctx-defaults-conf.XXXXXX)
root=/tmp/vctx-defaults-root

after_each() {
	local name
	for name in $("$VCTX" --json list | python3 -c 'import json,sys; print(" ".join(c["name"] for c in json.load(sys.stdin) if not c["builtin"]))'); do
		"$VCTX" destroy --force "$name"
	done
	rm -f "$conf"/*.conf
	unset VCTX_CONFIG_DIR
}

# The limit the built-in MEMORY=50% gives: half of MemTotal, whole pages.
half_of_memtotal() {
	local kb
	kb=$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)
	echo $((kb * 1024 * 50 / 100 / 4096 * 4096))
}

host_forks() {
	local i ok=0
	for i in 1 2 3 4 5; do
		timeout 20 /bin/true && ok=$((ok + 1))
	done
	echo "$ok"
}

pids_at() { [[ $(cat "$CG/$1/pids.current") -ge $2 ]]; }

a_fork_bomb_stays_at_the_default_pids() {
	local bomb
	"$VCTX" create fb || return 1
	expect_eq "$(cat "$CG/fb/pids.max")" 1024 "pids.max of a default context" || return 1
	# The bomb runs in the context (a run context joins no running one).
	timeout 300 "$VCTX" run --name fbr -- "$HOG" bomb </dev/null >/dev/null 2>&1 &
	bomb=$!
	wait_until 60 test -e "$CG/fbr/pids.max" || return 1
	expect_eq "$(cat "$CG/fbr/pids.max")" 1024 "pids.max of the bomb's context" || return 1
	# The table is full: the kernel counted refused forks.
	wait_until 240 pids_at fbr 1024 || { cat "$CG/fbr/pids.current"; return 1; }
	wait_until 60 grep -q '^max [1-9]' "$CG/fbr/pids.events" || return 1
	# ... and the host still forks.
	expect_eq "$(host_forks)" 5 "host /bin/true runs that succeeded, of 5, during the bomb" || return 1
	"$VCTX" destroy --force fbr || return 1
	wait "$bomb"
	[[ ! -e $CG/fbr ]] || { echo "the bomb's cgroup is left"; return 1; }
}

# Baseline: without the defaults the same context has no task limit.
without_defaults_pids_is_max() {
	export VCTX_CONFIG_DIR=$conf
	printf 'PIDS=max\n' >"$conf/vctx.conf"
	"$VCTX" create nofb || return 1
	expect_eq "$(cat "$CG/nofb/pids.max")" max "pids.max with PIDS=max" || return 1
}

default_memory_is_half_the_host() {
	"$VCTX" create mem0 || return 1
	expect_eq "$(cat "$CG/mem0/memory.max")" "$(half_of_memtotal)" "memory.max of a default context" || return 1
}

a_memory_hog_dies_inside_its_default_context() {
	local half_mib rc
	half_mib=$(($(half_of_memtotal) >> 20))
	# Baseline: a tenth of the limit is fine in the same kind of context.
	expect_status 0 timeout 300 "$VCTX" run --name mhok -- "$HOG" mem $((half_mib / 10)) || return 1
	expect_eq "$OUT" done "a small allocation" || return 1
	# Past the limit (the VM has no swap to hide it in): killed inside.
	OUT=$(timeout 300 "$VCTX" run --name mh -- "$HOG" mem $((half_mib + 128)) 2>&1) && rc=0 || rc=$?
	[[ $rc -eq 137 || $rc -eq 1 ]] || { echo "the hog exited $rc: $OUT"; return 1; }
	[[ $OUT != *done* ]] || { echo "the hog got $((half_mib + 128)) MiB with a limit of $half_mib MiB"; return 1; }
	# The host survived it.
	expect_eq "$(host_forks)" 5 "host /bin/true runs after the hog" || return 1
}

the_global_file_changes_the_defaults() {
	export VCTX_CONFIG_DIR=$conf
	printf '# test\nPIDS=64\nMEMORY=256M\n' >"$conf/vctx.conf"
	"$VCTX" create g64 || return 1
	expect_eq "$(cat "$CG/g64/pids.max")" 64 "PIDS=64" || return 1
	expect_eq "$(cat "$CG/g64/memory.max")" $((256 << 20)) "MEMORY=256M" || return 1
	# The command line wins, max lifts a default.
	"$VCTX" create --pids 100 --memory max gcl || return 1
	expect_eq "$(cat "$CG/gcl/pids.max")" 100 "--pids 100 over PIDS=64" || return 1
	expect_eq "$(cat "$CG/gcl/memory.max")" max "--memory max over MEMORY=256M" || return 1
	# So does a configured guest's own file.
	printf 'ROOT=host\nINIT=builtin\nPIDS=200\n' >"$conf/gown.conf"
	"$VCTX" start gown || return 1
	expect_eq "$(cat "$CG/gown/pids.max")" 200 "the guest's PIDS=200 over PIDS=64" || return 1
	expect_eq "$(cat "$CG/gown/memory.max")" $((256 << 20)) "MEMORY from the global file" || return 1
	printf 'ROOT=host\nINIT=builtin\nPIDS=max\n' >"$conf/gmax.conf"
	"$VCTX" start gmax || return 1
	expect_eq "$(cat "$CG/gmax/pids.max")" max "the guest's PIDS=max" || return 1
	# vctx run applies them too.
	expect_status 0 timeout 120 "$VCTX" run --name grun -- cat /sys/fs/cgroup/pids.max || return 1
	expect_eq "$OUT" 64 "pids.max seen by vctx run's command" || return 1
}

a_deleted_global_file_means_the_built_in_defaults() {
	export VCTX_CONFIG_DIR=$conf
	rm -f "$conf/vctx.conf"
	"$VCTX" create gnone || return 1
	expect_eq "$(cat "$CG/gnone/pids.max")" 1024 "pids.max without vctx.conf" || return 1
	expect_eq "$(cat "$CG/gnone/memory.max")" "$(half_of_memtotal)" "memory.max without vctx.conf" || return 1
	# A key left out of the file is the built-in value too.
	printf 'MEMORY=max\n' >"$conf/vctx.conf"
	"$VCTX" create gpart || return 1
	expect_eq "$(cat "$CG/gpart/pids.max")" 1024 "pids.max with only MEMORY set" || return 1
	expect_eq "$(cat "$CG/gpart/memory.max")" max "MEMORY=max" || return 1
}

limit_marks_the_defaults() {
	"$VCTX" create lm || return 1
	"$VCTX" create --pids 300 lx || return 1
	expect_status 0 "$VCTX" limit lm || return 1
	expect_contains "$OUT" "pids:       1 of 1024 (default)" || return 1
	expect_contains "$OUT" "(default)"$'\n'"swap:" || return 1
	expect_status 0 "$VCTX" limit lx || return 1
	expect_contains "$OUT" "pids:       1 of 300"$'\n' || return 1
	expect_status 0 "$VCTX" limit --json lm || return 1
	python3 - "$OUT" "$(half_of_memtotal)" <<'PY' || return 1
import json, sys
l = json.loads(sys.argv[1])
assert l["pids"] == {"current": 1, "max": 1024, "default": True}, l
assert l["memory"]["max"] == int(sys.argv[2]) and l["memory"]["default"] is True, l
assert l["swap"]["default"] is False, l
PY
	# A limit the admin sets is no longer a default.
	"$VCTX" limit lm --pids 1024 || return 1
	expect_status 0 "$VCTX" limit --json lm || return 1
	python3 -c 'import json,sys; l = json.loads(sys.argv[1]); assert l["pids"]["default"] is False and l["memory"]["default"] is True, l' "$OUT" || return 1
}

# Secrets on the host (the VM's / is a writable overlay) and their baseline.
plant_secrets() {
	mkdir -p /root /var/lib/vctx/other/rootfs /etc/vctx /etc/ssh || return 1
	echo root-secret >/root/secret
	echo other-guest >/var/lib/vctx/other/rootfs/secret
	echo 'CPU=1%' >/etc/vctx/other.conf
	echo host-key >/etc/ssh/ssh_host_test_key
	[[ -s /etc/shadow ]] || echo 'root:*:1::::::' >/etc/shadow
}

remove_secrets() {
	rm -rf /root/secret /var/lib/vctx/other /etc/vctx/other.conf /etc/ssh/ssh_host_test_key
}

in_default_root() {
	timeout 120 "$VCTX" run -- sh -c "$1"
}

the_host_reads_its_secrets() {
	plant_secrets || return 1
	[[ -s /etc/shadow && $(cat /root/secret) == root-secret &&
		$(cat /etc/ssh/ssh_host_test_key) == host-key && -n $(ls -A /var/lib/vctx) &&
		-n $(ls -A /etc/vctx) ]] || { echo "the host cannot read what it planted"; return 1; }
	# Without masks (MASK="") the same guest view shows them: the test can fail.
	export VCTX_CONFIG_DIR=$conf
	printf 'MASK=""\n' >"$conf/vctx.conf"
	expect_status 0 in_default_root 'cat /root/secret; wc -c </etc/shadow' || return 1
	[[ $OUT == root-secret$'\n'[1-9]* ]] || { echo "unmasked view: $OUT"; return 1; }
}

the_default_root_hides_the_host_secrets() {
	plant_secrets || return 1
	expect_status 0 in_default_root 'wc -c </etc/shadow; cat /etc/ssh/ssh_host_test_key | wc -c' || return 1
	expect_eq "$OUT" $'0\n0' "bytes of /etc/shadow and the host key seen inside" || return 1
	expect_status 0 in_default_root 'ls -A /root /var/lib/vctx /etc/vctx | grep -v :$ | grep . | wc -l' || return 1
	expect_eq "$OUT" 0 "entries of /root /var/lib/vctx /etc/vctx inside" || return 1
	# Writes fail as well: the masks are read-only.
	expect_status 0 in_default_root 'if echo x 2>/dev/null >/root/planted; then echo WROTE; fi' || return 1
	[[ $OUT != *WROTE* ]] || { echo "a guest wrote into the masked /root"; return 1; }
	expect_status 0 in_default_root 'test -w /run && test -w /tmp' || return 1
	expect_eq "$(cat /root/secret)" root-secret "host's /root/secret after the guests" || return 1
}

an_explicit_root_is_unchanged() {
	rm -rf "$root"
	mkdir -p "$root"/{bin,proc,sys,dev,run,tmp,etc,root} || return 1
	cp /bin/busybox "$root/bin/busybox" || return 1
	ln -s busybox "$root/bin/sh"
	ln -s busybox "$root/bin/cat"
	echo guest-shadow >"$root/etc/shadow"
	echo guest-root >"$root/root/file"
	expect_status 0 timeout 120 "$VCTX" run --root "$root" -- sh -c 'cat /etc/shadow /root/file' || return 1
	expect_eq "$OUT" $'guest-shadow\nguest-root' "--root sees its own files" || return 1
	rm -rf "$root"
}

mask_in_the_global_file_replaces_the_list() {
	plant_secrets || return 1
	export VCTX_CONFIG_DIR=$conf
	printf 'MASK="/root /etc/ssh/ssh_host_*_key /no/such/path"\n' >"$conf/vctx.conf"
	expect_status 0 in_default_root 'ls -A /root | wc -l; wc -c </etc/ssh/ssh_host_test_key; wc -c </etc/shadow' || return 1
	local lines
	mapfile -t lines <<<"$OUT"
	expect_eq "${lines[0]}" 0 "entries of the masked /root" || return 1
	expect_eq "${lines[1]}" 0 "bytes of the masked host key" || return 1
	[[ ${lines[2]} -gt 0 ]] || { echo "/etc/shadow is masked though MASK leaves it out: $OUT"; return 1; }
	printf 'MASK="/etc/shadow relative"\n' >"$conf/vctx.conf"
	expect_status 125 in_default_root true || return 1
	expect_contains "$OUT" "$conf/vctx.conf:1: invalid MASK entry 'relative'" || return 1
}

masks_cannot_be_undone_from_inside() {
	need_file /proc/self/ns/user CONFIG_USER_NS || return
	plant_secrets || return 1
	# Baseline: with CAP_SYS_ADMIN kept the guest can unmount a mask.
	expect_status 0 timeout 120 "$VCTX" run --cap-keep sys_admin -- sh -c 'umount /root && cat /root/secret' || return 1
	expect_eq "$OUT" root-secret "with sys_admin kept" || return 1
	# By default it cannot ...
	expect_status 0 in_default_root 'umount /etc/shadow && echo UNMOUNTED; umount /root && echo UNMOUNTED; umount -l /root && echo UNMOUNTED; wc -c </etc/shadow' || return 1
	expect_contains "$OUT" "must be superuser" || expect_contains "$OUT" "not permitted" || return 1
	[[ $OUT != *UNMOUNTED* ]] || { echo "a mask was unmounted: $OUT"; return 1; }
	expect_eq "${OUT##*$'\n'}" 0 "/etc/shadow after the umount attempts" || return 1
	# ... not in a user namespace of its own either, where the kernel locks
	# what it inherited; that namespace itself works (baseline).
	expect_status 0 in_default_root 'unshare -Urm sh -c "mount -t tmpfs t /tmp && umount /tmp && echo own"' || return 1
	expect_eq "$OUT" own "mount and umount of its own in the user namespace" || return 1
	expect_status 0 in_default_root 'unshare -Urm sh -c "umount /etc/shadow && echo UNMOUNTED; umount -l /root && echo UNMOUNTED; cat /root/secret; wc -c </etc/shadow"' || return 1
	[[ $OUT != *root-secret* ]] || { echo "the mask of /root came off: $OUT"; return 1; }
	[[ $OUT != *UNMOUNTED* ]] || { echo "a mask was unmounted in a user namespace: $OUT"; return 1; }
	expect_eq "${OUT##*$'\n'}" 0 "/etc/shadow after umount in a user namespace" || return 1
	# Nor can a bind of the parent show what lies under a mask.
	expect_status 0 in_default_root 'unshare -Urm sh -c "mount --bind /etc /mnt 2>/dev/null && wc -c </mnt/shadow || echo refused"' || return 1
	[[ $OUT == refused || $OUT == 0 ]] || { echo "the bind showed /etc/shadow: $OUT"; return 1; }
}

# Whether the module keeps socket families: a default context shows a list.
module_keeps_families() {
	"$VCTX" create sfprobe || return 2
	"$VCTX" info --json sfprobe | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["socket_families"] is not None else 1)'
	local rc=$?
	"$VCTX" destroy --force sfprobe
	return $rc
}

socket_families_are_set_and_shown() {
	local keeps
	module_keeps_families
	keeps=$?
	[[ $keeps -ne 2 ]] || return 1
	if [[ $keeps -eq 0 ]]; then
		"$VCTX" create --socket-families unix,inet sf || return 1
		expect_status 0 "$VCTX" info --json sf || return 1
		python3 -c 'import json,sys; i = json.loads(sys.argv[1]); assert i["socket_families"] == ["unix", "inet"], i' "$OUT" || return 1
		expect_status 0 "$VCTX" info sf || return 1
		expect_contains "$OUT" "sockets:    unix,inet" || return 1
		"$VCTX" create --socket-families -packet,+vsock sf2 || return 1
		expect_status 0 "$VCTX" info --json sf2 || return 1
		python3 -c 'import json,sys; i = json.loads(sys.argv[1]); assert i["socket_families"] == ["unix", "inet", "inet6", "netlink", "vsock"], i' "$OUT" || return 1
		# A default context has the module's default.
		"$VCTX" create sfd || return 1
		expect_status 0 "$VCTX" info --json sfd || return 1
		python3 -c 'import json,sys; i = json.loads(sys.argv[1]); assert i["socket_families"] == ["unix", "inet", "inet6", "netlink", "packet"], i' "$OUT" || return 1
		# Without inet the context still starts (its loopback is brought up
		# through a family it has), and without any family at all.
		expect_status 0 timeout 120 "$VCTX" run --socket-families unix -- true || return 1
		expect_status 0 timeout 120 "$VCTX" run --socket-families none -- true || return 1
	else
		# A module without the allow-list: asking for one is an error that says so.
		expect_status 125 "$VCTX" create --socket-families unix,inet sf || return 1
		expect_contains "$OUT" "is too old for --socket-families" || return 1
		"$VCTX" info sf >/dev/null 2>&1 && { echo "a refused context stayed"; return 1; }
		# The default asks for nothing the module lacks.
		"$VCTX" create --socket-families default sf || return 1
		expect_status 0 "$VCTX" info --json sf || return 1
		python3 -c 'import json,sys; i = json.loads(sys.argv[1]); assert i["socket_families"] is None, i' "$OUT" || return 1
		echo "module without the socket-family allow-list: checked the refusal only"
	fi
	# A configured guest's SOCKET_FAMILIES goes through the same parser.
	export VCTX_CONFIG_DIR=$conf
	printf 'ROOT=host\nINIT=builtin\nSOCKET_FAMILIES=unix,bogus\n' >"$conf/sfg.conf"
	expect_status 125 "$VCTX" start sfg || return 1
	expect_contains "$OUT" "unknown socket family: 'bogus'" || return 1
}

the_name_vctx_is_no_guest() {
	export VCTX_CONFIG_DIR=$conf
	printf 'PIDS=64\n' >"$conf/vctx.conf"
	expect_status 125 "$VCTX" start vctx || return 1
	expect_contains "$OUT" "a guest cannot be named 'vctx'" || return 1
	expect_status 125 "$VCTX" create --save vctx || return 1
	expect_contains "$OUT" "a guest cannot be named 'vctx'" || return 1
	# --autostart skips it, and a context (no guest) may still have the name.
	expect_status 0 "$VCTX" start --autostart || return 1
	"$VCTX" create vctx || return 1
	expect_eq "$(cat "$CG/vctx/pids.max")" 64 "the defaults apply to it" || return 1
}

check "a fork bomb stays at the default pids.max 1024, the host forks" a_fork_bomb_stays_at_the_default_pids
check "baseline: with PIDS=max a context has no task limit" without_defaults_pids_is_max
check "a default context's memory.max is 50% of MemTotal" default_memory_is_half_the_host
check "a memory hog dies inside its default context" a_memory_hog_dies_inside_its_default_context
check "vctx.conf changes the defaults; command line and guest file win" the_global_file_changes_the_defaults
check "a deleted vctx.conf means the built-in defaults" a_deleted_global_file_means_the_built_in_defaults
check "vctx limit marks the defaults" limit_marks_the_defaults
check "baseline: the host reads its secrets, MASK=\"\" shows them" the_host_reads_its_secrets
check "the default root hides the host's secrets" the_default_root_hides_the_host_secrets
check "an explicit --root is unchanged" an_explicit_root_is_unchanged
check "MASK in vctx.conf replaces the list" mask_in_the_global_file_replaces_the_list
check "masks cannot be undone from inside, nor in a user namespace" masks_cannot_be_undone_from_inside
check "socket families are set and shown" socket_families_are_set_and_shown
check "the name vctx is no guest's" the_name_vctx_is_no_guest
remove_secrets
rm -rf "$conf"
done_testing
