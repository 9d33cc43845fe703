#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages as a provider installs them (make check-deb): dpkg -i
# of vctx, vctx-dkms, libvctx0 and libvctx-dev from build/deb/, DKMS builds
# vctx.ko for the running kernel, modprobe loads that build (not the tree's:
# the VM runs with vm-run.sh -n), the packaged tool runs a context and a
# program built against libvctx-dev talks to the module; then dpkg --purge
# leaves no file of any of them behind.
#
# Why in a VM: the packages write /usr, /etc, /var/lib/dpkg and
# /lib/modules; the VM's root is an overlay on a tmpfs, so all of that is
# thrown away with it. The host's dpkg database is the starting point,
# which must not know vctx already (checked first).
#
# Runs in the test VM as root with no vctx.ko loaded; not part of
# selftests/run.sh (make check), which loads the tree's module first.
#
# No set -e: a failing check must be counted by lib.sh, not end the script.
set -uo pipefail
# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/../lib.sh"

build=${VCTX_BUILD:?run me through scripts/vm/vm-run.sh -n}
# Not "out": lib.sh's check() has a local of that name.
logdir=${VCTX_OUT:?run me through scripts/vm/vm-run.sh -n}
kver=$(uname -r)
arch=$(dpkg --print-architecture)
packages=(vctx vctx-dkms libvctx0 libvctx-dev)
export DEBIAN_FRONTEND=noninteractive

# The version make deb built: build-deb.sh leaves one .changes in build/deb.
shopt -s nullglob
changes=("$build"/deb/vctx_*_"$arch".changes)
shopt -u nullglob
version=
[[ ${#changes[@]} -ne 1 ]] || version=$(sed -n 's/^Version: //p' "${changes[0]}")
debs=()
if [[ -n $version ]]; then
	debs=("$build/deb/vctx_${version}_$arch.deb" "$build/deb/vctx-dkms_${version}_all.deb"
		"$build/deb/libvctx0_${version}_$arch.deb" "$build/deb/libvctx-dev_${version}_$arch.deb")
fi

# Every path the packages or their maintainer scripts may create; after the
# purge, none may exist (a dangling symlink counts).
leftovers() {
	local p
	shopt -s nullglob
	for p in /usr/src/vctx-* /var/lib/dkms/vctx /lib/modules/*/updates/dkms/vctx.ko* \
		/usr/sbin/vctx /usr/lib/vctx /lib/systemd/system/vctx* /usr/lib/systemd/system/vctx* \
		/etc/systemd/system/*/vctx* /var/lib/systemd/deb-systemd-helper-enabled/vctx* \
		/var/lib/systemd/deb-systemd-helper-enabled/*/vctx* \
		/lib/udev/rules.d/60-vctx.rules /usr/lib/udev/rules.d/60-vctx.rules /etc/vctx \
		/usr/include/libvctx.h /usr/include/linux/vctx.h /usr/lib/*/libvctx.* \
		/usr/lib/*/pkgconfig/libvctx.pc /usr/share/man/man8/vctx.8* /usr/share/man/man5/vctx.conf.5* \
		/usr/share/bash-completion/completions/vctx /usr/share/doc/vctx /usr/share/doc/vctx-dkms \
		/usr/share/doc/libvctx0 /usr/share/doc/libvctx-dev /var/lib/dpkg/info/vctx* \
		/var/lib/dpkg/info/libvctx*; do
		[[ ! -e $p && ! -L $p ]] || echo "$p"
	done
	shopt -u nullglob
}

# Files whose name says vctx, under the trees a package writes, before the
# install and after the purge: anything new is a leftover the list above
# does not know of yet.
vctx_files() {
	local d dirs=()
	for d in /etc /usr/sbin /usr/src /usr/include /usr/lib/systemd /usr/lib/udev \
		/usr/lib/"$(dpkg-architecture -qDEB_HOST_MULTIARCH)" /usr/lib/vctx /usr/share/doc \
		/usr/share/man /usr/share/bash-completion /var/lib/dkms /var/lib/systemd \
		/var/lib/dpkg/info /lib/modules/"$kver"/updates; do
		[[ ! -d $d ]] || dirs+=("$d")
	done
	# Unreadable corners of /etc are no leftovers of ours: not an error.
	find "${dirs[@]}" -name '*vctx*' 2>/dev/null | sort || true
}

# run_logged NAME CMD...: CMD's output goes to $VCTX_OUT/NAME.log (dkms is
# verbose); its tail is shown when it fails.
run_logged() {
	local log=$logdir/$1.log
	shift
	if ! "$@" >"$log" 2>&1; then
		echo "'$*' failed; the end of ${log##*/}:"
		tail -n 25 "$log"
		return 1
	fi
}

the_packages_are_built_and_the_host_has_none() {
	[[ -n $version ]] || { echo "not one vctx_*_$arch.changes in $build/deb but ${#changes[@]}: run 'make deb' on the host first"; return 1; }
	local deb pkg
	for deb in "${debs[@]}"; do
		[[ -f $deb ]] || { echo "$deb missing: run 'make deb' on the host"; return 1; }
	done
	for pkg in "${packages[@]}"; do
		! dpkg-query -W -f='${db:Status-Status}\n' "$pkg" 2>/dev/null | grep -qvx not-installed ||
			{ echo "$pkg is already known to dpkg on the host: this test must start without it"; return 1; }
	done
	[[ ! -d /sys/module/vctx ]] || { echo "vctx.ko is already loaded: run the VM with vm-run.sh -n"; return 1; }
	local left
	left=$(leftovers)
	[[ -z $left ]] || { echo "already present before the install:"; echo "$left"; return 1; }
	vctx_files >"$logdir/vctx-files.before" || { echo "cannot list $logdir/vctx-files.before"; return 1; }
}

dpkg_installs_the_four_packages() {
	run_logged dpkg-install dpkg -i "${debs[@]}" || return 1
	local pkg status
	for pkg in "${packages[@]}"; do
		status=$(dpkg-query -W -f='${Status} ${Version}' "$pkg" 2>&1)
		expect_eq "$status" "install ok installed $version" "dpkg status of $pkg" || return 1
	done
	expect_eq "$(dpkg-query -W -f='${Conffiles}' vctx | awk '{print $1}' | sort | xargs)" \
		"/etc/vctx/procfs.rules /etc/vctx/vctx.conf" "conffiles of vctx" || return 1
}

dkms_built_the_module_for_the_running_kernel() {
	local st
	st=$(dkms status "vctx/$version" -k "$kver" 2>&1)
	expect_contains "$st" "vctx/$version, $kver, $(uname -m): installed" || return 1
	shopt -s nullglob
	local ko=(/lib/modules/"$kver"/updates/dkms/vctx.ko*)
	shopt -u nullglob
	[[ ${#ko[@]} -eq 1 ]] || { echo "expected one vctx.ko* in /lib/modules/$kver/updates/dkms, found: ${ko[*]:-none}"; return 1; }
	expect_eq "$(modinfo -k "$kver" -F version vctx)" "$version" "version of the module modprobe would load" || return 1
}

modprobe_loads_the_dkms_build() {
	run_logged modprobe modprobe vctx || return 1
	local file
	file=$(modinfo -n vctx)
	[[ $file == /lib/modules/$kver/updates/dkms/vctx.ko* ]] ||
		{ echo "modinfo -n vctx is $file, not DKMS's build under /lib/modules/$kver/updates/dkms"; return 1; }
	expect_eq "$(cat /sys/module/vctx/version)" "$version" "version of the loaded module" || return 1
	# The loaded module is that very file, not a same-version build elsewhere.
	expect_eq "$(cat /sys/module/vctx/srcversion)" "$(modinfo -F srcversion "$file")" "srcversion" || return 1
	wait_until 10 test -c /dev/vctx || return 1
}

the_packaged_tool_runs_a_context() {
	local vctx=/usr/sbin/vctx
	expect_status 0 "$vctx" version || return 1
	expect_contains "$OUT" "$version" || return 1
	# An ephemeral context: its own pid and UTS namespaces, the status back.
	# shellcheck disable=SC2016 # expanded inside the context
	expect_status 0 timeout 120 "$vctx" run --name debrun -- sh -c 'echo "$(hostname) $$"' || return 1
	expect_eq "$OUT" "debrun 2" "hostname and pid inside vctx run" || return 1
	expect_status 42 timeout 120 "$vctx" run -- sh -c 'exit 42' || return 1
	# A registered one, as the module shows it in /proc/vctx.
	expect_status 0 timeout 120 "$vctx" create --xid 4321 debctx || return 1
	grep -qx "name: debctx" /proc/vctx/4321/info || { echo "no /proc/vctx/4321/info naming debctx"; return 1; }
	expect_status 7 timeout 120 "$vctx" exec debctx -- sh -c 'exit 7' || return 1
	expect_status 0 timeout 120 "$vctx" destroy --force debctx || return 1
	expect_eq "$(ls /proc/vctx)" "" "entries in /proc/vctx after destroy" || return 1
}

a_program_built_with_libvctx_dev_reaches_the_module() {
	local dir
	dir=$(mktemp -d)
	cat >"$dir/v.c" <<'EOF'
#include <stdio.h>
#include <unistd.h>
#include <libvctx.h>

int main(void)
{
	struct vctx_version v = { 0 };
	int fd = vctx_open();

	if (fd < 0 || vctx_get_version(fd, &v) < 0)
		return 1;
	printf("%s %s\n", vctx_library_version(), v.module_version);
	close(fd);
	return 0;
}
EOF
	# shellcheck disable=SC2046 # pkg-config's words are separate flags
	cc -o "$dir/v" "$dir/v.c" $(pkg-config --cflags --libs libvctx) ||
		{ echo "cannot build against libvctx-dev (pkg-config libvctx)"; rm -rf "$dir"; return 1; }
	expect_status 0 "$dir/v" || { rm -rf "$dir"; return 1; }
	expect_eq "$OUT" "$version $version" "library and module versions" || { rm -rf "$dir"; return 1; }
	# /lib is /usr/lib on a merged-/usr system: either spelling is the package's.
	ldd "$dir/v" | grep -Eq "libvctx.so.0 => (/usr)?/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/libvctx.so.0 " ||
		{ echo "not linked against the packaged libvctx.so.0:"; ldd "$dir/v"; rm -rf "$dir"; return 1; }
	rm -rf "$dir"
}

purge_leaves_nothing() {
	# DKMS removes the module's files, not the loaded module.
	rmmod vctx || { echo "rmmod vctx failed: $(cat /sys/module/vctx/refcnt 2>&1) users"; return 1; }
	run_logged dpkg-purge dpkg --purge "${packages[@]}" || return 1
	local pkg left new
	for pkg in "${packages[@]}"; do
		! dpkg-query -W -f='${db:Status-Status}\n' "$pkg" 2>/dev/null | grep -qvx not-installed ||
			{ echo "dpkg still knows $pkg: $(dpkg-query -W -f='${Status}' "$pkg")"; return 1; }
	done
	left=$(leftovers)
	[[ -z $left ]] || { echo "left after the purge:"; echo "$left"; return 1; }
	new=$(vctx_files | comm -13 "$logdir/vctx-files.before" -)
	[[ -z $new ]] || { echo "files named *vctx* left after the purge:"; echo "$new"; return 1; }
	! modinfo vctx >/dev/null 2>&1 || { echo "modinfo still finds vctx: $(modinfo -n vctx)"; return 1; }
}

check "the packages are built and the host has none of them" the_packages_are_built_and_the_host_has_none
check "dpkg -i installs vctx, vctx-dkms, libvctx0, libvctx-dev" dpkg_installs_the_four_packages
check "DKMS built vctx.ko for the running kernel" dkms_built_the_module_for_the_running_kernel
check "modprobe loads the DKMS build" modprobe_loads_the_dkms_build
check "the packaged vctx runs a context" the_packaged_tool_runs_a_context
check "a program built with libvctx-dev reaches the module" a_program_built_with_libvctx_dev_reaches_the_module
check "dpkg --purge leaves nothing behind" purge_leaves_nothing
done_testing
