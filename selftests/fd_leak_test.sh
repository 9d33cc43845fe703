#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a context's tasks inherit from the host (SPEC section 7, THREATS:
# descriptors, terminals; issue 17). Each check performs the attack from
# inside a context and fails if it works; each has a baseline doing the
# same on the host, where it must work, so the check can fail.
#
#   host: /fdleak-host-marker      context "fdl" (--root $root): busybox,
#         the vctx binary (dev:ino)        fdrace; context "fdi": --init
#         a shell with `exec 7</`  context "fdt": the default root (python3)
#                                   for the terminal checks (pty_drive.py)
#
# Runs in the test VM as root with vctx.ko loaded; cgroup2 is mounted with
# nsdelegate there, as systemd mounts it.
. "$(dirname "$0")/lib.sh"

# VCTX: another vctx binary to try the attacks on (an older one fails them).
VCTX=${VCTX:-${VCTX_BUILD:?}/userland/vctx}
here=$(cd "$(dirname "$0")" && pwd)
root=/tmp/vctx-fdl-root
marker=fdleak-host-marker
base=/tmp/vctx-fdl-base
drive=$here/pty_drive.py
exe=$(stat -c '%d:%i' "$VCTX")
fdrace=$VCTX_BUILD/selftests/helpers/fdrace

setup() {
	rm -rf "$root" "$base"
	mkdir -p "$root"/{bin,proc,sys,dev,run,tmp,etc} "$base"
	cp /bin/busybox "$root/bin/busybox"
	for applet in sh cat ls echo sleep stat true readlink touch test; do
		ln -s busybox "$root/bin/$applet"
	done
	cp "$fdrace" "$root/bin/"
	touch "/$marker"
	"$VCTX" create --root "$root" fdl || return 1
	"$VCTX" create fdt || return 1
}

teardown() {
	"$VCTX" destroy --force fdl fdt fdi fdrun
	rm -rf "$root" "$base" "/$marker"
}

init_of() {
	"$VCTX" info --json "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["init_pid"])'
}

# The fds of host pid $1 are exactly 0 1 2, each the guest's /dev/null (a
# node on the guest's /dev, not the host's devtmpfs one).
only_guest_null() {
	local pid=$1 fds fd
	fds=$(ls /proc/"$pid"/fd | sort -n | tr '\n' ' ')
	expect_eq "$fds" "0 1 2 " "fds of pid $pid ($(ls -l /proc/"$pid"/fd | tail -n +2))" || return 1
	for fd in 0 1 2; do
		expect_eq "$(readlink /proc/"$pid"/fd/$fd)" /dev/null "pid $pid fd $fd" || return 1
		[[ $(stat -L -c %d /proc/"$pid"/fd/$fd) != $(stat -c %d /dev/null) ]] ||
			{ echo "pid $pid fd $fd is the host's /dev/null"; return 1; }
	done
}

nsdelegate_and_exec() {
	grep -q '^cgroup2 /sys/fs/cgroup cgroup2 .*nsdelegate' /proc/mounts ||
		{ echo "cgroup2 is not mounted with nsdelegate: $(grep cgroup2 /proc/mounts)"; return 1; }
	expect_status 0 "$VCTX" exec fdl -- /bin/true || return 1
	expect_status 7 "$VCTX" exec fdl -- /bin/sh -c 'exit 7' || return 1
	expect_eq "$("$VCTX" exec fdl -- /bin/cat /proc/self/cgroup)" "0::/" "cgroup seen inside" || return 1
	expect_status 0 "$VCTX" run --root "$root" -- /bin/true || return 1
}

# Baseline: a host process holding a directory fd; the walk from it reaches the marker.
baseline_dir_fd_walks_out() {
	rm -f "$base/held"
	bash -c 'exec 7</usr; touch "$1"; exec sleep 30' bash "$base/held" &
	local holder=$!
	wait_until 10 test -e "$base/held" || return 1
	expect_status 1 "$fdrace" -p "$BASHPID" 0 "$marker" "$exe" /nonexistent
	local rc=$? out=$OUT
	kill "$holder"; wait "$holder"
	[[ $rc -eq 0 ]] || return 1
	expect_contains "$out" "fd/7 -> /usr ('..' walks to the host's /)" || return 1
}

builtin_init_holds_nothing() {
	only_guest_null "$(init_of fdl)" || return 1
	# As the guest sees it: fdrace examines pid 1 (fd/N, cwd, root, exe).
	expect_status 0 "$VCTX" exec fdl -- /bin/fdrace 0 "$marker" "$exe" /nonexistent || return 1
	# pid 1 is not dumpable: nothing of it opens, or it holds just 0-2.
	pid1_fds_inside fdl || return 1
}

# What `ls /proc/1/fd` shows in context $1: refused, or 0 1 2.
pid1_fds_inside() {
	local out
	out=$("$VCTX" exec "$1" -- /bin/ls /proc/1/fd 2>&1 | tr '\n' ' ')
	[[ $out == "0 1 2 " || $out == *"Permission denied"* ]] || { echo "/proc/1/fd inside: $out"; return 1; }
}

given_init_holds_nothing() {
	exec 7</
	"$VCTX" create --root "$root" --init "/bin/sleep 1000" fdi || return 1
	exec 7<&-
	only_guest_null "$(init_of fdi)" || return 1
	# Its supervisor, on the host, keeps nothing of the caller's either.
	local sup
	sup=$(cat /run/vctx/fdi/supervisor) || return 1
	[[ ! -e /proc/$sup/fd/7 ]] || { echo "the supervisor holds the caller's fd 7: $(ls -l /proc/"$sup"/fd)"; return 1; }
	expect_status 0 "$VCTX" exec fdi -- /bin/fdrace 0 "$marker" "$exe" /nonexistent || return 1
}

# vctx run's reaper, seen from the host and from the guest, while its command runs.
run_reaper_checks() {
	wait_until 30 test -e "$root/run-ready" || return 1
	only_guest_null "$(init_of fdrun)" || return 1
	pid1_fds_inside fdrun || return 1
	expect_status 0 "$VCTX" exec fdrun -- /bin/fdrace 0 "$marker" "$exe" /nonexistent || return 1
}

run_reaper_and_command_hold_nothing() {
	local out rc
	exec 7</
	rm -f "$root/run-ready"
	# Its output to a file: check's capture would wait for it otherwise.
	"$VCTX" run --name fdrun --root "$root" -- /bin/sh -c 'touch /run-ready; exec sleep 1000' \
		>"$base/run.out" 2>&1 &
	local run=$!
	run_reaper_checks
	rc=$?
	"$VCTX" kill fdrun
	wait "$run"
	[[ $rc -eq 0 ]] || return 1
	# The command, pid 2: what it holds (fd 7 of the caller stays out).
	out=$("$VCTX" run --root "$root" -- /bin/ls -l /proc/self/fd | fds_listed)
	expect_eq "$out" "0 1 2 " "fds of vctx run's command" || return 1
}

# The fds of `ls -l /proc/self/fd`'s output, but ls's own listing of it.
fds_listed() {
	awk '$(NF-1) == "->" && $NF !~ /^\/proc\/[0-9]+\/fd$/ { printf "%s ", $(NF-2) }'
}

baseline_caller_fd_inherited() {
	exec 7</
	expect_eq "$(ls -l /proc/self/fd | fds_listed)" "0 1 2 7 " "fds of a host command" || return 1
}

exec_gets_only_stdio() {
	exec 7</ 8>/dev/null
	expect_eq "$("$VCTX" exec fdl -- /bin/ls -l /proc/self/fd | fds_listed)" "0 1 2 " "fds of vctx exec's command" || return 1
	expect_eq "$("$VCTX" enter fdl -- /bin/ls -l /proc/self/fd | fds_listed)" "0 1 2 " "fds of vctx enter's command" || return 1
}

# Baseline for the race: host processes holding a dir fd, found by the same racer.
baseline_racer_finds_dir_fds() {
	local out=$base/race.out i
	local me=$BASHPID
	rm -f "$base/stop"
	"$fdrace" -p "$me" 120 "$marker" "$exe" "$base/stop" >"$out" 2>&1 &
	local racer=$!
	wait_until 30 grep -q ready "$out" || return 1
	for i in $(seq 20); do
		bash -c 'exec 7</usr; exec sleep 0.3'
	done
	touch "$base/stop"
	wait "$racer"
	local rc=$?
	expect_eq "$rc" 1 "racer's status on the host ($(cat "$out"))" || return 1
	expect_contains "$(cat "$out")" "fd/7 -> /usr ('..' walks to the host's /)" || return 1
}

exec_window_race() {
	local out=$base/race-guest.out i rc n
	rm -f "$root/stop"
	"$VCTX" exec fdl -- /bin/fdrace 300 "$marker" "$exe" /stop >"$out" 2>&1 &
	local racer=$!
	wait_until 30 grep -q ready "$out" || return 1
	exec 7</
	for i in $(seq 20); do
		"$VCTX" exec fdl -- /bin/sleep 0.3 || { echo "vctx exec $i failed"; touch "$root/stop"; return 1; }
	done
	exec 7<&-
	touch "$root/stop"
	wait "$racer"
	rc=$?
	cat "$out"
	expect_eq "$rc" 0 "racer's status in the guest" || return 1
	# It saw them all: the 20 commands (and the init).
	n=$(sed -n 's/^examined \([0-9]*\) processes$/\1/p' "$out")
	[[ ${n:-0} -ge 21 ]] || { echo "the racer saw only ${n:-0} processes"; return 1; }
}

# Text the driver wrote, without the carriage returns of the pty.
drive() {
	python3 "$drive" --timeout 60 "$@" | tr -d '\r'
	return "${PIPESTATUS[0]}"
}

tty_is_the_guests() {
	local out host_pts
	host_pts=$(stat -c %d /dev/pts/ptmx)
	out=$(drive -- "$VCTX" exec fdt -- sh -c 'tty; stat -L -c %d /proc/self/fd/0 /proc/self/fd/2 /dev/pts/ptmx | sort -u') || { echo "$out"; return 1; }
	[[ $out =~ ^/dev/pts/[0-9]+$'\n'([0-9]+)$ ]] || { echo "tty, then one devpts device expected: $out"; return 1; }
	[[ ${BASH_REMATCH[1]} != "$host_pts" ]] || { echo "the guest's pty is on the host's devpts ($host_pts)"; return 1; }
	out=$(drive -- "$VCTX" exec fdt -- python3 -c 'import os; print(os.getsid(0) == os.getpid(), os.tcgetpgrp(0) == os.getpgrp())')
	expect_eq "$out" "True True" "session leader, foreground on its own pty" || return 1
	# Without a terminal, a session of its own just the same.
	expect_eq "$("$VCTX" exec fdt -- python3 -c 'import os; print(os.getsid(0) == os.getpid())')" True || return 1
}

status_through_the_pty() {
	expect_status 3 drive -- "$VCTX" exec fdt -- sh -c 'exit 3' || return 1
	expect_status 130 drive -- "$VCTX" exec fdt -- sh -c 'kill -INT $$' || return 1
	expect_status 127 drive -- "$VCTX" exec fdt -- /nonexistent || return 1
	expect_status 5 drive -- "$VCTX" run -- sh -c 'exit 5' || return 1
	expect_status 4 drive -- "$VCTX" enter fdt -- sh -c 'exit 4' || return 1
}

window_size_passed() {
	local out
	out=$(drive --rows 37 --cols 91 -- "$VCTX" exec fdt -- stty size) || return 1
	expect_eq "$out" "37 91" "stty size in vctx exec" || return 1
	out=$(drive --rows 29 --cols 101 -- "$VCTX" run -- stty size) || return 1
	expect_eq "$out" "29 101" "stty size in vctx run" || return 1
	# Resized while it runs: SIGWINCH to vctx, the new size to the guest's pty.
	out=$(drive --rows 20 --cols 80 --resize-on READY 44 120 -- "$VCTX" exec fdt -- \
		sh -c 'stty size; echo READY; read -r x; stty size') || return 1
	expect_eq "$(grep -v READY <<<"$out" | grep -E '^[0-9]+ [0-9]+$' | tr '\n' ' ')" "20 80 44 120 " \
		"stty size before and after the resize ($out)" || return 1
}

# A job started with '&' from an interactive shell: vctx leaves the terminal
# alone (no raw mode, no read), so it is not stopped by SIGTTOU or SIGTTIN.
background_job_runs() {
	local out
	out=$(drive -- bash --norc --noprofile -i -c \
		'set -m; "$1" exec fdt -- sh -c "exit 6" & wait $!; echo "status=$?"' bash "$VCTX") || { echo "$out"; return 1; }
	expect_contains "$out" "status=6" || return 1
}

inject='
import fcntl, termios
try:
    for c in b"INJ\n":
        fcntl.ioctl(0, termios.TIOCSTI, bytes([c]))
    print("TIOCSTI: done")
except OSError as e:
    print("TIOCSTI: refused:", e)
'

baseline_tiocsti_injects() {
	local out
	out=$(drive --pending -- python3 -c "$inject") || return 1
	expect_contains "$out" "TIOCSTI: done" || return 1
	expect_contains "$out" "pending: b'INJ\\n'" || return 1
}

tiocsti_stays_in_the_guest() {
	local out cmd
	for cmd in "exec fdt --" "run --"; do
		# shellcheck disable=SC2086
		out=$(drive --pending -- "$VCTX" $cmd python3 -c "$inject") || { echo "$out"; return 1; }
		expect_contains "$out" "TIOCSTI: " || return 1
		expect_contains "$out" "pending: b''" || return 1
	done
}

# A process left behind in its own session, reading the terminal it got:
# what does it get of what the admin types once the command has returned?
leftover='D=$1; exec 3<&0
setsid sh -c "touch $D/ready; read -r x; echo got:\$x >$D/leak.t; mv $D/leak.t $D/leak" <&3 &
i=0; while [ ! -e $D/ready ] && [ $i -lt 1500 ]; do sleep 0.02; i=$((i + 1)); done'

baseline_leftover_reads() {
	local out
	rm -f "$base"/ready "$base"/leak
	out=$(drive --type 'secret\n' --wait-file "$base/leak" -- sh -c "$leftover" sh "$base") || { echo "$out"; return 1; }
	expect_eq "$(cat "$base/leak")" "got:secret" "what the leftover read on the host" || return 1
}

leftover_reads_nothing() {
	local out init
	init=$(init_of fdt)
	rm -f /proc/"$init"/root/tmp/{ready,leak}
	out=$(drive --pending --type 'secret\n' --wait-file /proc/"$init"/root/tmp/leak -- \
		"$VCTX" exec fdt -- sh -c "$leftover" sh /tmp) || { echo "$out"; return 1; }
	expect_eq "$(cat /proc/"$init"/root/tmp/leak)" "got:" "what the leftover read in the guest" || return 1
	# The admin's shell reads it, as it should.
	expect_contains "$out" "pending: b'secret\\n'" || return 1
}

keyring='
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
# keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, create=0)
r = libc.syscall(250, 0, ctypes.c_long(-3), 0)
print(r if r >= 0 else "refused: " + os.strerror(ctypes.get_errno()))
'

no_shared_session_keyring() {
	local host guest
	host=$(python3 -c "$keyring") || return 1
	[[ $host =~ ^[0-9]+$ ]] || { echo "no session keyring id on the host: $host"; return 1; }
	guest=$("$VCTX" exec fdt -- python3 -c "$keyring") || return 1
	[[ $guest != "$host" ]] || { echo "vctx exec's command shares the host's session keyring $host"; return 1; }
	guest=$("$VCTX" run -- python3 -c "$keyring") || return 1
	[[ $guest != "$host" ]] || { echo "vctx run's command shares the host's session keyring $host"; return 1; }
}

check "setup: contexts with a minimal and the default root" setup
check "cgroup2 has nsdelegate, and vctx exec and run work under it" nsdelegate_and_exec
check "baseline: from a host process's dir fd, '..' walks to the host's /" baseline_dir_fd_walks_out
check "the built-in init holds only the guest's /dev/null" builtin_init_holds_nothing
check "a given --init holds only the guest's /dev/null" given_init_holds_nothing
check "vctx run: the reaper and the command hold nothing of the host" run_reaper_and_command_hold_nothing
check "baseline: a host command inherits the caller's fd 7" baseline_caller_fd_inherited
check "vctx exec and enter: the command gets only 0, 1, 2" exec_gets_only_stdio
check "baseline: the racer finds host processes' dir fds" baseline_racer_finds_dir_fds
check "the exec window: a guest racer gets nothing of the host" exec_window_race
check "on a terminal: the guest's own pty, session and foreground" tty_is_the_guests
check "on a terminal: the exit status passes through" status_through_the_pty
check "on a terminal: the window size is the admin's" window_size_passed
check "on a terminal: a background job is not stopped" background_job_runs
check "baseline: TIOCSTI on the admin's terminal injects input" baseline_tiocsti_injects
check "TIOCSTI from the guest never reaches the admin's terminal" tiocsti_stays_in_the_guest
check "baseline: a leftover host process reads what is typed next" baseline_leftover_reads
check "a leftover guest process reads nothing typed after vctx exec" leftover_reads_nothing
check "no command of a context shares the host's session keyring" no_shared_session_keyring
check "teardown" teardown
done_testing
