#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vctx tool on a machine without the module (this host): help, exit codes
# and the messages that tell an admin what to do. VCTX names the binary
# (the ASan build under make check).
. "$(dirname "$0")/../../selftests/lib.sh"

VCTX=${VCTX:?}
export VCTX_DEVICE=/nonexistent/vctx

help_exits_zero_and_lists_commands() {
	local form
	for form in --help -h help; do
		expect_status 0 "$VCTX" $form || return 1
		expect_contains "$OUT" "usage: vctx" || return 1
		expect_contains "$OUT" "version" || return 1
	done
	expect_status 0 "$VCTX" version --help || return 1
	expect_contains "$OUT" "usage: vctx version [--json]" || return 1
}

no_command_is_a_tool_error() {
	expect_status 125 "$VCTX" || return 1
	expect_contains "$OUT" "usage: vctx" || return 1
}

unknown_command_and_option_are_named() {
	expect_status 125 "$VCTX" frobnicate || return 1
	expect_contains "$OUT" "vctx: unknown command 'frobnicate'; see 'vctx --help'" || return 1
	expect_status 125 "$VCTX" --frobnicate || return 1
	expect_contains "$OUT" "see 'vctx --help'" || return 1
	expect_status 125 "$VCTX" version --frobnicate || return 1
	expect_contains "$OUT" "see 'vctx version --help'" || return 1
	expect_status 125 "$VCTX" version extra || return 1
	expect_contains "$OUT" "version takes no arguments, got 'extra'" || return 1
}

tool_version_flag() {
	expect_status 0 "$VCTX" --version || return 1
	[[ $OUT =~ ^vctx\ [0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "unexpected: $OUT"; return 1; }
}

version_without_module_prints_tool_and_fails() {
	expect_status 125 "$VCTX" version || return 1
	expect_contains "$OUT" "tool:     " || return 1
	expect_contains "$OUT" "cannot open /nonexistent/vctx: No such file or directory" || return 1
	[[ -e /sys/module/vctx ]] && return 0
	expect_contains "$OUT" "the vctx module is not loaded: load it with 'modprobe vctx'" || return 1
}

version_json_without_module_is_valid_json() {
	expect_status 125 "$VCTX" --json version 2>/dev/null || return 1
	"$VCTX" --json version 2>/dev/null | python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert doc["module"] is None, doc
assert doc["tool"]["abi_version"] == 1, doc
' || return 1
}

non_device_reports_the_failed_ioctl() {
	expect_status 125 env VCTX_DEVICE=/dev/null "$VCTX" version || return 1
	expect_contains "$OUT" "VCTX_IOC_VERSION on /dev/null failed: Inappropriate ioctl for device" || return 1
}

every_command_has_help() {
	local cmd
	for cmd in create run enter exec destroy kill list info ps spectate version; do
		expect_status 0 "$VCTX" "$cmd" --help || return 1
		expect_contains "$OUT" "usage: vctx $cmd" || return 1
		expect_contains "$("$VCTX" --help)" "  $cmd " || { echo "$cmd not in vctx --help"; return 1; }
	done
}

# Mistakes found before the module is even opened: 125 and what to fix.
option_errors_name_the_problem() {
	expect_status 125 "$VCTX" create 'Web 1' || return 1
	expect_contains "$OUT" "invalid context name 'Web 1': use 1 to 63 characters" || return 1
	expect_status 125 "$VCTX" create --xid 0 a || return 1
	expect_contains "$OUT" "invalid --xid '0': static xids are 2 to 49151" || return 1
	expect_status 125 "$VCTX" create --xid 12x a || return 1
	expect_contains "$OUT" "invalid --xid '12x'" || return 1
	expect_status 125 "$VCTX" create --root /no/such/dir a || return 1
	expect_contains "$OUT" "invalid --root '/no/such/dir': No such file or directory" || return 1
	expect_status 125 "$VCTX" create --hostname -x a || return 1
	expect_contains "$OUT" "invalid --hostname '-x'" || return 1
	expect_status 125 "$VCTX" create --net bogus a || return 1
	expect_contains "$OUT" "invalid --net 'bogus': use none, shared or private" || return 1
	expect_status 125 "$VCTX" create --ip 192.0.2.1/33 a || return 1
	expect_contains "$OUT" "invalid --ip '192.0.2.1/33': the prefix must be 0 to 32 for IPv4" || return 1
	expect_status 125 "$VCTX" create --net private a || return 1
	expect_contains "$OUT" "--net private needs the context's addresses" || return 1
	expect_status 125 "$VCTX" create --host-loopback a || return 1
	expect_contains "$OUT" "give --ip too" || return 1
	expect_status 125 "$VCTX" create --link ipvlan --ip 192.0.2.1/24 a || return 1
	expect_contains "$OUT" "--link is for --net private" || return 1
	expect_contains "$OUT" "add --net private or drop --link" || return 1
	expect_status 125 "$VCTX" run --net private --ip 192.0.2.1/24 --link macvlan -- true || return 1
	expect_contains "$OUT" "invalid --link 'macvlan': unknown link type: use veth, ipvlan[@DEV] (L3 mode), ipvlan-l3[@DEV] or ipvlan-l2[@DEV]" || return 1
	expect_status 125 "$VCTX" create --net private --ip 192.0.2.1/24 --link veth@eth0 a || return 1
	expect_contains "$OUT" "a veth pair has no parent interface" || return 1
	expect_status 125 "$VCTX" create --cap-keep sys_adminn a || return 1
	expect_contains "$OUT" "unknown capability 'sys_adminn' in --cap-keep" || return 1
	expect_status 125 "$VCTX" run --persistent -- true || return 1
	expect_contains "$OUT" "see 'vctx run --help'" || return 1
	expect_status 125 "$VCTX" run --name 'x y' -- true || return 1
	expect_contains "$OUT" "invalid context name 'x y'" || return 1
	expect_status 125 "$VCTX" exec || return 1
	expect_contains "$OUT" "exec needs the context" || return 1
	expect_status 125 "$VCTX" kill a NOTASIGNAL || return 1
	expect_contains "$OUT" "unknown signal 'NOTASIGNAL'" || return 1
	expect_status 125 "$VCTX" list extra || return 1
	expect_contains "$OUT" "list takes no arguments" || return 1
	expect_status 125 "$VCTX" info || return 1
	expect_contains "$OUT" "info takes one context" || return 1
	expect_status 125 "$VCTX" destroy || return 1
	expect_contains "$OUT" "destroy needs a context" || return 1
	expect_status 125 "$VCTX" ps -o pid,bogus || return 1
	expect_contains "$OUT" "unknown field 'bogus' in -o: use pid, ppid" || return 1
	expect_status 125 "$VCTX" ps -o , || return 1
	expect_contains "$OUT" "-o needs at least one field" || return 1
	expect_status 125 "$VCTX" ps a b || return 1
	expect_contains "$OUT" "ps takes at most one context, got 'a' and 'b'" || return 1
	expect_status 125 "$VCTX" ps --all a || return 1
	expect_contains "$OUT" "give either --all or a context ('a'), not both" || return 1
	expect_status 125 "$VCTX" spectate --bogus || return 1
	expect_contains "$OUT" "see 'vctx spectate --help'" || return 1
}

check "every command has --help" every_command_has_help
check "option errors name the problem" option_errors_name_the_problem
check "help exits 0 and lists the commands" help_exits_zero_and_lists_commands
check "no command is a tool error" no_command_is_a_tool_error
# Guests' configuration files need no module: checked here under ASan too.
config_edits_and_refusals() {
	local dir
	dir=$(mktemp -d) || return 1
	export VCTX_CONFIG_DIR=$dir
	expect_status 0 "$VCTX" config web CPU=25% IP="192.0.2.10/24 2001:db8::10/64" AUTOSTART=yes || return 1
	expect_eq "$(cat "$dir/web.conf")" $'CPU=25%\nIP="192.0.2.10/24 2001:db8::10/64"\nAUTOSTART=yes' || return 1
	expect_status 0 "$VCTX" --json config web || return 1
	expect_eq "$OUT" '{"IP":"192.0.2.10/24 2001:db8::10/64","CPU":"25%","AUTOSTART":"yes"}' || return 1
	expect_status 125 "$VCTX" config web NET=private IP= || return 1
	expect_contains "$OUT" "--net private needs the context's addresses" || return 1
	expect_status 125 "$VCTX" config web LINK=ipvlan-l4 || return 1
	expect_contains "$OUT" "invalid LINK 'ipvlan-l4': unknown link type" || return 1
	expect_status 0 "$VCTX" config web NET=private LINK=ipvlan-l2@eth1 || return 1
	expect_status 0 "$VCTX" config web LINK || return 1
	expect_eq "$OUT" "ipvlan-l2@eth1" || return 1
	expect_status 125 "$VCTX" config web NET=shared || return 1
	expect_contains "$OUT" "--link is for --net private" || return 1
	expect_status 0 "$VCTX" config web NET= LINK= || return 1
	expect_status 125 "$VCTX" config web STOP_TIMEOUT=0 || return 1
	expect_contains "$OUT" "invalid STOP_TIMEOUT '0'" || return 1
	expect_status 125 "$VCTX" config web 'HOSTNAME=a"b' || return 1
	expect_status 0 "$VCTX" config web CPU || return 1
	expect_eq "$OUT" "25%" || return 1
	expect_status 125 "$VCTX" config 'Bad Name' CPU=1% || return 1
	expect_contains "$OUT" "Bad Name" || return 1
	printf '# mine\nCPU=25%%\nXID=1\n' >"$dir/web.conf"
	expect_status 125 "$VCTX" config --check web || return 1
	expect_contains "$OUT" "$dir/web.conf:3: invalid --xid '1'" || return 1
	expect_status 125 "$VCTX" config nosuch || return 1
	expect_contains "$OUT" "has no configuration" || return 1
	rm -rf "$dir"
	unset VCTX_CONFIG_DIR
}

build_skeleton_without_the_module() {
	local dir
	dir=$(mktemp -d) || return 1
	export VCTX_CONFIG_DIR=$dir/etc
	expect_status 0 "$VCTX" build sk --skeleton --root "$dir/root" || return 1
	[[ -x $dir/root/bin/busybox && -L $dir/root/bin/sh && -f $dir/root/etc/inittab ]] ||
		{ ls -R "$dir/root" | head; return 1; }
	expect_eq "$("$VCTX" config sk ROOT)" "$dir/root" || return 1
	expect_status 125 "$VCTX" build sk --skeleton --root "$dir/root" || return 1
	expect_contains "$OUT" "is not empty" || return 1
	expect_status 125 "$VCTX" build sk --skeleton --debootstrap bookworm || return 1
	expect_contains "$OUT" "give one of --skeleton and --debootstrap" || return 1
	expect_status 125 "$VCTX" build sk --debootstrap bookworm --mirror --keyring=/x || return 1
	expect_contains "$OUT" "invalid --mirror '--keyring=/x'" || return 1
	expect_status 125 "$VCTX" build sk --debootstrap bookworm --include=--foreign || return 1
	expect_contains "$OUT" "invalid --include '--foreign'" || return 1
	rm -rf "$dir"
	unset VCTX_CONFIG_DIR
}

# The global defaults file: its errors name FILE:LINE, before any device is opened.
global_defaults_errors_name_the_line() {
	local dir
	dir=$(mktemp -d) || return 1
	export VCTX_CONFIG_DIR=$dir
	printf '# mine\nPIDS=0\n' >"$dir/vctx.conf"
	expect_status 125 "$VCTX" create a || return 1
	expect_contains "$OUT" "$dir/vctx.conf:2: invalid PIDS '0'" || return 1
	printf 'MASK="/etc/shadow root"\n' >"$dir/vctx.conf"
	expect_status 125 "$VCTX" run -- true || return 1
	expect_contains "$OUT" "$dir/vctx.conf:1: invalid MASK entry 'root': not an absolute path" || return 1
	printf 'MEMORY=150%%\n' >"$dir/vctx.conf"
	expect_status 125 "$VCTX" create a || return 1
	expect_contains "$OUT" "$dir/vctx.conf:1: invalid MEMORY '150%'" || return 1
	printf 'XID=7\n' >"$dir/vctx.conf"
	expect_status 125 "$VCTX" create a || return 1
	expect_contains "$OUT" "$dir/vctx.conf:1: unknown key" || return 1
	# Valid, or missing: the options are fine and the device is what fails.
	printf 'PIDS=64\nMEMORY=max\nMASK=""\n' >"$dir/vctx.conf"
	expect_status 125 "$VCTX" create a || return 1
	expect_contains "$OUT" "cannot open /nonexistent/vctx" || return 1
	rm "$dir/vctx.conf"
	expect_status 125 "$VCTX" create --memory 25% a || return 1
	expect_contains "$OUT" "cannot open /nonexistent/vctx" || return 1
	expect_status 125 "$VCTX" create --memory 0% a || return 1
	expect_contains "$OUT" "invalid --memory '0%'" || return 1
	expect_status 125 "$VCTX" create --swap 50% a || return 1
	expect_contains "$OUT" "invalid --swap '50%'" || return 1
	rm -rf "$dir"
	unset VCTX_CONFIG_DIR
}

# vctx.conf in the configuration directory is the defaults, no guest's.
the_guest_name_vctx_is_refused() {
	local dir
	dir=$(mktemp -d) || return 1
	export VCTX_CONFIG_DIR=$dir
	printf 'PIDS=64\n' >"$dir/vctx.conf"
	expect_status 125 "$VCTX" config vctx CPU=1% || return 1
	expect_contains "$OUT" "a guest cannot be named 'vctx': $dir/vctx.conf holds the defaults of every context" || return 1
	expect_contains "$OUT" "choose another name" || return 1
	expect_status 125 "$VCTX" config vctx || return 1
	expect_contains "$OUT" "a guest cannot be named 'vctx'" || return 1
	expect_status 125 "$VCTX" create --save vctx || return 1
	expect_contains "$OUT" "a guest cannot be named 'vctx'" || return 1
	expect_status 125 "$VCTX" build vctx --skeleton --root "$dir/root" || return 1
	expect_contains "$OUT" "a guest cannot be named 'vctx'" || return 1
	expect_eq "$(cat "$dir/vctx.conf")" "PIDS=64" "vctx.conf untouched" || return 1
	rm -rf "$dir"
	unset VCTX_CONFIG_DIR
}

socket_families_errors_name_the_family() {
	expect_status 125 "$VCTX" create --socket-families unix,inet7 a || return 1
	expect_contains "$OUT" "invalid --socket-families 'unix,inet7': unknown socket family: 'inet7'" || return 1
	expect_status 125 "$VCTX" run --socket-families -packet,unix -- true || return 1
	expect_contains "$OUT" "'unix'" || return 1
	expect_status 125 "$VCTX" create --socket-families "" a || return 1
	expect_contains "$OUT" "the list is empty" || return 1
	expect_status 125 "$VCTX" create --socket-families -packet,+vsock a || return 1
	expect_contains "$OUT" "cannot open /nonexistent/vctx" || return 1
	local dir
	dir=$(mktemp -d) || return 1
	export VCTX_CONFIG_DIR=$dir
	expect_status 125 "$VCTX" config web SOCKET_FAMILIES=unix,bogus || return 1
	expect_contains "$OUT" "'bogus'" || return 1
	expect_status 0 "$VCTX" config web SOCKET_FAMILIES=+vsock || return 1
	expect_eq "$(cat "$dir/web.conf")" "SOCKET_FAMILIES=+vsock" || return 1
	rm -rf "$dir"
	unset VCTX_CONFIG_DIR
}

check "unknown commands and options are named" unknown_command_and_option_are_named
check "the global defaults: errors name FILE:LINE, percentages" global_defaults_errors_name_the_line
check "the guest name vctx is refused" the_guest_name_vctx_is_refused
check "--socket-families: errors name the family" socket_families_errors_name_the_family
check "config: edits, JSON, refusals naming the key or line" config_edits_and_refusals
check "build --skeleton works without the module" build_skeleton_without_the_module
check "--version prints the tool version" tool_version_flag
check "version without the module prints the tool and fails" version_without_module_prints_tool_and_fails
check "version --json without the module is valid JSON" version_json_without_module_is_valid_json
check "a non-vctx device reports the failed ioctl" non_device_reports_the_failed_ioctl
done_testing
