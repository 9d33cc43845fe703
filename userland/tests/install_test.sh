#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install / make uninstall into a DESTDIR: every file lands where a
# distribution admin expects it, a program builds against the installed
# header and pkg-config file, and uninstall leaves no file behind but the
# administrator's /etc/vctx/procfs.rules and /etc/vctx/vctx.conf.
. "$(dirname "$0")/../../selftests/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
version=$(make -s -C "$top" version)

install_places_every_file() {
	make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr >/dev/null || return 1
	local f
	for f in /usr/sbin/vctx /usr/lib/libvctx.so.0 /usr/lib/libvctx.so /usr/lib/libvctx.a \
		/usr/include/libvctx.h /usr/include/linux/vctx.h /usr/lib/pkgconfig/libvctx.pc \
		"/usr/src/vctx-$version/dkms.conf" "/usr/src/vctx-$version/Kbuild" \
		"/usr/src/vctx-$version/module/main.c" "/usr/src/vctx-$version/module/compat.h" \
		"/usr/src/vctx-$version/uapi/linux/vctx.h" /etc/udev/rules.d/60-vctx.rules \
		/etc/vctx/procfs.rules /etc/vctx/vctx.conf /usr/lib/systemd/system/vctx@.service \
		/usr/lib/systemd/system/vctx-autostart.service /usr/lib/vctx/vctx-autostart \
		/usr/share/man/man8/vctx.8 /usr/share/man/man5/vctx.conf.5 \
		/usr/share/bash-completion/completions/vctx; do
		[[ -e $dest$f ]] || { echo "missing after install: $f"; return 1; }
	done
	expect_eq "$(stat -c %a "$dest/usr/sbin/vctx")" 755 "mode of vctx" || return 1
	grep -qx "PACKAGE_VERSION=\"$version\"" "$dest/usr/src/vctx-$version/dkms.conf" ||
		{ echo "dkms.conf does not carry version $version"; return 1; }
	grep -q "VCTX_VERSION=\${PACKAGE_VERSION}" "$dest/usr/src/vctx-$version/dkms.conf" ||
		{ echo "dkms.conf does not pass the version to Kbuild"; return 1; }
	grep -q 'RUN+=.*/usr/sbin/vctx proc --apply /etc/vctx/procfs.rules' \
		"$dest/etc/udev/rules.d/60-vctx.rules" ||
		{ echo "the udev rule does not apply /etc/vctx/procfs.rules with /usr/sbin/vctx"; return 1; }
	grep -q '@' "$dest/etc/udev/rules.d/60-vctx.rules" &&
		{ echo "placeholder left in the udev rule"; return 1; }
	grep -qx 'ExecStart=/usr/sbin/vctx start --foreground --delegated %i' \
		"$dest/usr/lib/systemd/system/vctx@.service" ||
		{ echo "vctx@.service does not run /usr/sbin/vctx in the foreground"; return 1; }
	grep -qx 'Delegate=yes' "$dest/usr/lib/systemd/system/vctx@.service" ||
		{ echo "vctx@.service does not delegate its cgroup"; return 1; }
	grep -qx 'ExecStart=/usr/lib/vctx/vctx-autostart' \
		"$dest/usr/lib/systemd/system/vctx-autostart.service" ||
		{ echo "vctx-autostart.service does not run the installed script"; return 1; }
	grep -l '@[A-Z]*@' "$dest/usr/lib/systemd/system/"* "$dest/usr/lib/vctx/vctx-autostart" &&
		{ echo "placeholder left in a unit"; return 1; }
	expect_eq "$(stat -c %a "$dest/usr/lib/vctx/vctx-autostart")" 755 "mode of vctx-autostart" || return 1
	bash -n "$dest/usr/share/bash-completion/completions/vctx" || return 1
	sh -n "$dest/usr/lib/vctx/vctx-autostart" || return 1
	# The administrator's policy survives a reinstall.
	echo "kmsg" >"$dest/etc/vctx/procfs.rules"
	make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr >/dev/null || return 1
	expect_eq "$(cat "$dest/etc/vctx/procfs.rules")" "kmsg" "procfs.rules after reinstall" || return 1
	# The shipped defaults are the built-in ones, and an admin's survive a reinstall.
	cmp -s "$top/userland/vctx.conf" "$dest/etc/vctx/vctx.conf" ||
		{ echo "the installed vctx.conf is not userland/vctx.conf"; return 1; }
	expect_eq "$(stat -c %a "$dest/etc/vctx/vctx.conf")" 644 "mode of vctx.conf" || return 1
	echo "PIDS=64" >"$dest/etc/vctx/vctx.conf"
	make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr >/dev/null || return 1
	expect_eq "$(cat "$dest/etc/vctx/vctx.conf")" "PIDS=64" "vctx.conf after reinstall" || return 1
}

installed_library_links_through_pkg_config() {
	local flags
	flags=$(PKG_CONFIG_SYSROOT_DIR=$dest PKG_CONFIG_LIBDIR=$dest/usr/lib/pkgconfig \
		pkg-config --cflags --libs libvctx) || return 1
	expect_contains "$flags" "-lvctx" || return 1
	# shellcheck disable=SC2086
	printf '#include <libvctx.h>\n#include <stdio.h>\nint main(void) { puts(vctx_library_version()); return 0; }\n' |
		${CC:-cc} -std=c11 -Wall -Werror -x c - $flags -o "$dest/client" || return 1
	expect_status 0 env LD_LIBRARY_PATH="$dest/usr/lib" "$dest/client" || return 1
	expect_eq "$OUT" "$version" "library version" || return 1
}

installed_tool_runs() {
	expect_status 0 "$dest/usr/sbin/vctx" --version || return 1
	expect_eq "$OUT" "vctx $version" || return 1
}

uninstall_removes_every_file() {
	make -s -C "$top" uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null || return 1
	rm -f "$dest/client"
	local left
	left=$(find "$dest" \( -type f -o -type l \) ! -path "$dest/etc/vctx/procfs.rules" \
		! -path "$dest/etc/vctx/vctx.conf")
	[[ -z $left ]] || { echo "left after uninstall:"; echo "$left"; return 1; }
	[[ -e $dest/etc/vctx/vctx.conf ]] || { echo "uninstall removed the admin's vctx.conf"; return 1; }
}

check "install places every file" install_places_every_file
check "installed library links through pkg-config" installed_library_links_through_pkg_config
check "installed tool runs" installed_tool_runs

systemd_accepts_the_units() {
	local units=$dest/verify
	mkdir -p "$units" || return 1
	# An instance, with the commands where DESTDIR put them (verify runs them by path).
	sed "s|/usr/sbin/vctx|$dest/usr/sbin/vctx|" "$dest/usr/lib/systemd/system/vctx@.service" \
		>"$units/vctx@web.service" || return 1
	sed "s|/usr/lib/vctx/|$dest/usr/lib/vctx/|" "$dest/usr/lib/systemd/system/vctx-autostart.service" \
		>"$units/vctx-autostart.service" || return 1
	expect_status 0 systemd-analyze verify --man=no "$units/vctx@web.service" \
		"$units/vctx-autostart.service" || return 1
	[[ -z $OUT ]] || { echo "$OUT"; return 1; }
	rm -rf "$units"
}
check "systemd-analyze verify accepts the units" systemd_accepts_the_units

completion_offers_commands_guests_and_keys() {
	local conf
	conf=$(mktemp -d) || return 1
	printf 'CPU=1%%\n' >"$conf/web.conf"
	OUT=$(VCTX_CONFIG_DIR=$conf PATH=$dest/usr/sbin:$PATH bash -c '
		. "$1"
		t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _vctx; echo "${COMPREPLY[*]}"; }
		t vctx st
		t vctx start w
		t vctx config web CPU_
		t vctx create --net p' _ "$dest/usr/share/bash-completion/completions/vctx" 2>&1)
	rm -rf "$conf"
	expect_eq "$OUT" $'start stop status stat\nweb\nCPU_BUCKET= CPU_MIN= CPU_MODE= CPU_IDLE=\nprivate' || return 1
}
check "bash completion offers commands, guests and keys" completion_offers_commands_guests_and_keys

man_pages_format_cleanly() {
	local page
	for page in "$top/Documentation/man/vctx.8" "$top/Documentation/man/vctx.conf.5"; do
		OUT=$(LC_ALL=C groff -man -ww -z "$page" 2>&1) || return 1
		[[ -z $OUT ]] || { echo "$page: $OUT"; return 1; }
	done
	# Every command of the tool is in vctx(8), every key in vctx.conf(5).
	local cmd key
	for cmd in $("$dest/usr/sbin/vctx" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
		grep -q "$cmd" "$top/Documentation/man/vctx.8" || { echo "vctx(8) lacks $cmd"; return 1; }
	done
	for key in $("$dest/usr/sbin/vctx" config --keys | awk '{ print $1 }'); do
		grep -q "$key" "$top/Documentation/man/vctx.conf.5" ||
			{ echo "vctx.conf(5) lacks $key"; return 1; }
	done
}
check "man pages format cleanly and name every command and key" man_pages_format_cleanly
check "uninstall removes every file but the admin's policy and defaults" uninstall_removes_every_file
done_testing
