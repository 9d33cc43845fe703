#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# procfs visibility: from a guest every default-hidden entry is absent from
# its directory's listing and ENOENT on stat and open, in the guest's own
# procfs and in one it mounts itself; ordinary entries stay readable; an
# override shows an entry to one guest only; the spectator sees WATCH
# entries only; the host sees everything, and what it caches does not leak;
# changes apply at once; /proc/net and hidden directories; bad input.
#
#   host: /proc (sees all)         vctx proc kmsg --unhide --context a
#     |
#     +-- guest a: /proc, /tmp/p2 (its own mount)   -> kmsg visible to a only
#     +-- guest b: /proc                            -> kmsg hidden
#
# Runs in the test VM as root with vctx.ko loaded.
. "$(dirname "$0")/lib.sh"
shopt -s extglob

VCTX=${VCTX_BUILD:?}/userland/vctx
: "${VCTX_MODULE:?}"

DEFAULT_HIDDEN="kcore kmsg sysrq-trigger kallsyms modules timer_list sched_debug keys key-users
kpagecount kpageflags kpagecgroup iomem ioports slabinfo vmallocinfo pagetypeinfo
sys/kernel/core_pattern sys/kernel/modprobe sys/kernel/poweroff_cmd sys/kernel/sysrq
sys/vm/drop_caches"

# The module's own table, to go back to after each check (cheaper than
# reloading the module).
DEFAULTS=$("$VCTX" proc --list --json)

restore_defaults() {
	local args
	python3 - "$DEFAULTS" "$("$VCTX" proc --list --json)" <<'PY' |
import json, sys
want = {e["path"]: e for e in json.loads(sys.argv[1])}
have = {e["path"]: e for e in json.loads(sys.argv[2])}
for path in have:
    if path not in want:
        print(path, "--reset")
for path, e in want.items():
    if have.get(path) != e:
        print(path, "--hide" if e["hide"] else "--unhide", "--admin" if e["admin"] else "--no-admin",
              "--watch" if e["watch"] else "--no-watch")
PY
	while read -r args; do
		# shellcheck disable=SC2086
		"$VCTX" proc $args
	done
}

after_each() {
	reset_contexts
	restore_defaults
	rmdir /sys/fs/cgroup/vctx/spectator 2>/dev/null
	rm -f /tmp/hidden-top /tmp/vctx-procfs-test.conf
}

# look WHO ROOT PATH...: for each PATH below ROOT (a procfs), as WHO (a
# context name, "spectator" or "host") print "PATH listed stat open": each
# "yes" or an errno name. Listed: the name is in its directory's listing.
look() {
	local who=$1 root=$2 run
	shift 2
	case $who in
	host) run=() ;;
	spectator) run=("$VCTX" spectate --) ;;
	*) run=("$VCTX" exec "$who" --) ;;
	esac
	"${run[@]}" python3 - "$root" "$@" <<'PY'
import errno, os, sys
root = sys.argv[1]
def tryit(f):
    try:
        f()
        return "yes"
    except OSError as e:
        return errno.errorcode[e.errno]
for p in sys.argv[2:]:
    d, _, name = p.rpartition("/")
    listed = name in os.listdir(os.path.join(root, d)) if os.path.isdir(os.path.join(root, d)) else False
    st = tryit(lambda: os.stat(os.path.join(root, p)))
    op = tryit(lambda: os.close(os.open(os.path.join(root, p), os.O_RDONLY | os.O_NONBLOCK)))
    print(p, "yes" if listed else "no", st, op)
PY
}

# The default-hidden entries this kernel has (the host sees them all).
existing_defaults() {
	local p
	for p in $DEFAULT_HIDDEN; do
		[[ -e /proc/$p ]] && echo "$p"
	done
}

expect_hidden_in() {
	local out line
	out=$(look "$@") || { echo "$out"; return 1; }
	while read -r line; do
		[[ $line == *" no ENOENT ENOENT" ]] && continue
		echo "visible as $1 under $2: $line"
		return 1
	done <<<"$out"
}

expect_visible_in() {
	local out line
	out=$(look "$@") || { echo "$out"; return 1; }
	while read -r line; do
		# Listed and there; opening may need a capability or mode the viewer
		# lacks, but it is never ENOENT (what the module answers for hidden).
		[[ $line == *" yes yes "@(yes|EACCES|EPERM) ]] && continue
		echo "not visible as $1 under $2: $line"
		return 1
	done <<<"$out"
}

guest_sees_no_default_hidden_entry() {
	local list
	"$VCTX" create --cap-keep sys_admin a || return 1
	list=$(existing_defaults)
	[[ $(wc -l <<<"$list") -ge 15 ]] || { echo "too few default entries exist: $list"; return 1; }
	# shellcheck disable=SC2086
	expect_hidden_in a /proc $list || return 1
	# A procfs the guest mounts itself hides the same.
	"$VCTX" exec a -- sh -c 'mkdir -p /tmp/p2 && mount -t proc proc /tmp/p2' || return 1
	# shellcheck disable=SC2086
	expect_hidden_in a /tmp/p2 $list || return 1
	# Everything else is there, and readable.
	expect_visible_in a /proc meminfo cpuinfo uptime loadavg sys/kernel/hostname net/dev || return 1
	"$VCTX" exec a -- cat /proc/sys/kernel/ostype >/dev/null || return 1
	# The host sees all of them.
	# shellcheck disable=SC2086
	expect_visible_in host /proc $list || return 1
}

xid_of() {
	"$VCTX" --json info "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["xid"])'
}

# /proc/vctx lists every context; a guest's own procfs shows it its own.
a_guest_sees_only_its_own_vctx_entry() {
	local xa xb
	"$VCTX" create --cap-keep sys_admin a || return 1
	"$VCTX" create b || return 1
	xa=$(xid_of a) && xb=$(xid_of b) || return 1
	"$VCTX" exec a -- sh -c 'mkdir -p /tmp/p3 && mount -t proc proc /tmp/p3' || return 1
	expect_status 0 "$VCTX" exec a -- ls /tmp/p3/vctx || return 1
	expect_eq "$OUT" "$xa" "a's /proc/vctx" || return 1
	expect_status 0 "$VCTX" exec a -- cat "/tmp/p3/vctx/$xa/info" || return 1
	expect_status 1 "$VCTX" exec a -- cat "/tmp/p3/vctx/$xb/info" || return 1
	expect_contains "$OUT" "No such file or directory" || return 1
	expect_status 0 ls /proc/vctx || return 1
	expect_contains "$OUT" "$xb" || return 1
	expect_contains "$OUT" "$xa" || return 1
}

a_host_cached_entry_does_not_leak() {
	local init
	"$VCTX" create c || return 1
	init=$("$VCTX" --json info c | python3 -c 'import json,sys; print(json.load(sys.stdin)["init_pid"])')
	# The host walks into the guest's own procfs first (caching the dentry).
	stat "/proc/$init/root/proc/kcore" >/dev/null || return 1
	stat "/proc/$init/root/proc/sys/kernel/core_pattern" >/dev/null || return 1
	expect_hidden_in c /proc kcore sys/kernel/core_pattern || return 1
}

# reopen_held_file CONTEXT HIDE: in CONTEXT, open /proc/loadavg, then (after
# the host hid it when HIDE is 1) open it again through /proc/self/fd, a
# magic link that no lookup sees. Prints what the second open read. The
# handshake goes through the guest's /tmp, which the host reaches through
# its init's root.
reopen_held_file() {
	local init dir rc
	init=$("$VCTX" --json info "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["init_pid"])') ||
		return 1
	dir=/proc/$init/root/tmp/vctx-held
	rm -rf "$dir" && mkdir "$dir" && mkfifo "$dir/go" || return 1
	"$VCTX" exec "$1" -- sh -c "exec 3</proc/loadavg && echo held >/tmp/vctx-held/state;
		read x </tmp/vctx-held/go; cat /proc/self/fd/3" >"$dir/out" 2>&1 &
	wait_until 20 grep -qx held "$dir/state" || { cat "$dir/out"; return 1; }
	[[ $2 -eq 0 ]] || "$VCTX" proc --context "$1" loadavg --hide || return 1
	# Bounded: opening a fifo waits for its reader.
	timeout 20 sh -c 'echo go >"$1"' sh "$dir/go" || { echo "the guest stopped waiting"; return 1; }
	wait $!
	rc=$?
	cat "$dir/out"
	rm -rf "$dir"
	return $rc
}

# A file a guest opened before its entry was hidden is no way back to it.
a_held_file_does_not_reopen_a_hidden_entry() {
	"$VCTX" create c || return 1
	expect_status 0 reopen_held_file c 0 || return 1
	[[ $OUT =~ ^[0-9]+\.[0-9]+\ [0-9] ]] || { echo "the visible reopen read: $OUT"; return 1; }
	expect_status 1 reopen_held_file c 1 || return 1
	expect_contains "$OUT" "No such file or directory" || return 1
}

an_override_shows_an_entry_to_one_guest() {
	"$VCTX" create a || return 1
	"$VCTX" create b || return 1
	expect_status 0 "$VCTX" proc --context a kmsg sys/kernel/core_pattern --unhide || return 1
	expect_eq "$OUT" "" "proc prints nothing on success" || return 1
	expect_visible_in a /proc kmsg sys/kernel/core_pattern || return 1
	expect_hidden_in b /proc kmsg sys/kernel/core_pattern || return 1
	expect_status 0 "$VCTX" proc --list --context a || return 1
	expect_contains "$OUT" "kmsg" || return 1
	expect_status 0 "$VCTX" proc --context a kmsg --reset || return 1
	expect_hidden_in a /proc kmsg || return 1
	expect_visible_in a /proc sys/kernel/core_pattern || return 1
}

the_spectator_sees_watch_entries_only() {
	"$VCTX" spectate -- true || return 1
	expect_visible_in spectator /proc modules slabinfo iomem || return 1
	expect_hidden_in spectator /proc kcore kmsg sysrq-trigger sys/kernel/core_pattern || return 1
	"$VCTX" proc kcore --watch || return 1
	expect_visible_in spectator /proc kcore || return 1
}

flags_change_live() {
	"$VCTX" create a || return 1
	expect_visible_in a /proc loadavg sys/kernel/ostype net/dev || return 1
	"$VCTX" proc loadavg /proc/sys/kernel/ostype net/dev --hide || return 1
	expect_hidden_in a /proc loadavg sys/kernel/ostype net/dev || return 1
	# /proc/net is the reader's namespace, however it is reached.
	expect_hidden_in a /proc self/net/dev 1/net/dev 1/task/1/net/dev || return 1
	# The host keeps them (hide adds admin only when asked: here not).
	expect_hidden_in host /proc loadavg || return 1
	"$VCTX" proc loadavg --admin || return 1
	expect_visible_in host /proc loadavg || return 1
	"$VCTX" proc loadavg sys/kernel/ostype net/dev --unhide || return 1
	expect_visible_in a /proc loadavg sys/kernel/ostype net/dev || return 1
}

a_hidden_directory_hides_its_subtree() {
	"$VCTX" create a || return 1
	"$VCTX" proc sys/kernel/random --hide --admin || return 1
	expect_hidden_in a /proc sys/kernel/random sys/kernel/random/uuid sys/kernel/random/boot_id || return 1
	expect_visible_in host /proc sys/kernel/random/uuid || return 1
}

# Large directories take several getdents calls; a listing is another
# guest's minus exactly what is hidden from it.
listings_lose_nothing_else() {
	local la lb
	"$VCTX" create a || return 1
	"$VCTX" create b || return 1
	"$VCTX" proc --context a sys/net/ipv4/tcp_mem sys/net/ipv4/ip_forward --hide || return 1
	la=$("$VCTX" exec a -- ls -U /proc/sys/net/ipv4 | sort) || return 1
	lb=$("$VCTX" exec b -- ls -U /proc/sys/net/ipv4 | grep -vx -e tcp_mem -e ip_forward | sort) || return 1
	[[ $(wc -l <<<"$lb") -ge 50 ]] || { echo "few entries to compare"; return 1; }
	diff <(echo "$lb") <(echo "$la") || return 1
	# /proc itself: the host's minus every top-level entry the table hides.
	"$VCTX" proc --list --json | python3 -c '
import json, sys
print("\n".join(e["path"] for e in json.load(sys.stdin) if e["hide"] and "/" not in e["path"]))' \
		>/tmp/hidden-top || return 1
	lb=$(ls /proc | grep -v '^[0-9]' | grep -vx -f /tmp/hidden-top | sort)
	la=$("$VCTX" exec a -- ls /proc | grep -v '^[0-9]' | sort)
	diff <(echo "$lb") <(echo "$la") || return 1
}

list_json_and_apply() {
	local conf=/tmp/vctx-procfs-test.conf
	expect_status 0 "$VCTX" proc --list --json || return 1
	python3 - "$OUT" <<'PY' || return 1
import json, sys
e = {x["path"]: x for x in json.loads(sys.argv[1])}
assert e["kcore"] == {"path": "kcore", "hide": True, "admin": True, "watch": False, "from": "global"}, e["kcore"]
assert e["modules"]["watch"] and e["sys/vm/drop_caches"]["hide"], e
assert list(e) == sorted(e), "not sorted"
PY
	"$VCTX" create a || return 1
	cat >"$conf" <<'EOF'
# unhide for everyone, VServer style
/proc/kallsyms
a:/proc/kmsg   unhide
uptime  hide admin watch   # and hide one
EOF
	expect_status 0 "$VCTX" proc --apply "$conf" || return 1
	expect_visible_in a /proc kallsyms kmsg || return 1
	expect_hidden_in a /proc uptime || return 1
	printf 'kmsg unhide\nnosuchctx:kmsg unhide\n' >"$conf"
	expect_status 125 "$VCTX" proc --apply "$conf" || return 1
	expect_contains "$OUT" "$conf:2: no context named 'nosuchctx'" || return 1
	printf 'kmsg unhide\nkmsg frobnicate\n' >"$conf"
	expect_status 125 "$VCTX" proc --apply "$conf" || return 1
	expect_contains "$OUT" "$conf:2: unknown flag 'frobnicate'" || return 1
	# Nothing of a refused file was applied: kmsg stays hidden from b.
	"$VCTX" create b || return 1
	expect_hidden_in b /proc kmsg || return 1
	rm -f "$conf"
}

# The udev rule make install puts in place runs on the module's "add"
# uevent: run its command as udev would, with the shipped example policy
# (comments only) and with one of ours.
the_udev_rule_applies_the_policy_file() {
	local tree etc cmd
	tree=$(cd "$(dirname "$0")/.." && pwd)
	etc=$(mktemp -d)
	mkdir "$etc/vctx"
	cmd=$(sed -e "s|@SBINDIR@|$(dirname "$VCTX")|g" -e "s|@SYSCONFDIR@|$etc|g" \
		"$tree/userland/60-vctx.rules.in" | grep -v '^#' | sed -n 's/.*RUN+="\(.*\)"$/\1/p')
	[[ $cmd == */vctx\ proc\ --apply\ * ]] || { echo "no RUN command found: $cmd"; return 1; }
	expect_status 0 sh -c "$cmd" || return 1		# no policy file: nothing to do
	cp "$tree/userland/procfs.rules" "$etc/vctx/procfs.rules"
	expect_status 0 sh -c "$cmd" || return 1
	printf '/proc/kallsyms\nuptime hide admin\n' >"$etc/vctx/procfs.rules"
	expect_status 0 sh -c "$cmd" || return 1
	"$VCTX" create a || return 1
	expect_visible_in a /proc kallsyms || return 1
	expect_hidden_in a /proc uptime || return 1
	rm -rf "$etc"
}

bad_input_is_refused() {
	local before
	before=$("$VCTX" proc --list --json)
	while IFS='|' read -r args want; do
		# shellcheck disable=SC2086
		expect_status 125 "$VCTX" proc $args || return 1
		expect_contains "$OUT" "$want" || return 1
	done <<'EOF'
../kcore --hide|invalid path '../kcore'
1/status --hide|invalid path '1/status'
self/net/dev --hide|invalid path 'self/net/dev'
a/b/c/d/e/f/g/h/i --hide|invalid path
sys//kernel --hide|invalid path
kcore|give flags to change
kcore --hide --list|one of them
--list kcore|--list takes no path
--frobnicate|see 'vctx proc --help'
kcore --reset --hide|--reset drops the entry
nosuch/entry --reset|has no global entry to reset
--context nosuch kcore --unhide|no context named 'nosuch'
--context host kcore --unhide|built-in context
EOF
	[[ $("$VCTX" proc --list --json) == "$before" ]] || { echo "a refused change changed the table"; return 1; }
}

check "a guest sees no default-hidden entry, in its /proc and one it mounts" guest_sees_no_default_hidden_entry
check "an entry the host cached is still hidden from a guest" a_host_cached_entry_does_not_leak
check "a guest's own procfs shows only its context in /proc/vctx" a_guest_sees_only_its_own_vctx_entry
check "a file a guest holds open does not reopen its entry once hidden" a_held_file_does_not_reopen_a_hidden_entry
check "an override shows an entry to one guest and not another" an_override_shows_an_entry_to_one_guest
check "the spectator sees WATCH entries only" the_spectator_sees_watch_entries_only
check "flags change live, /proc/net included" flags_change_live
check "a hidden directory hides its subtree" a_hidden_directory_hides_its_subtree
check "listings lose nothing but what is hidden" listings_lose_nothing_else
check "vctx proc --list --json and --apply" list_json_and_apply
check "the udev rule applies /etc/vctx/procfs.rules" the_udev_rule_applies_the_policy_file
check "bad input is refused and changes nothing" bad_input_is_refused
done_testing
