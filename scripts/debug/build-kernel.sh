#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh: builds the debug kernel of make check-debug from Debian's
# linux-source-6.12 package (Debian ships no debug kernel) and prints the
# directory that holds it, for vm-run.sh -K and build-module.sh:
#
#   DIR/vmlinuz          the kernel image
#   DIR/config           its configuration
#   DIR/kernel.release   its release (6.12.N-vctx-debug)
#   DIR/modules/         its modules (lib/modules/RELEASE, depmod'ed)
#   DIR/obj              the build tree (KDIR for out-of-tree modules), a
#                        link into the cache's tree/, shared by every key
#
# The configuration is the kernel's tinyconfig plus scripts/vm/config,
# scripts/vm/config-9p, selftests/config and scripts/debug/config (KASAN,
# kmemleak, lockdep, UBSAN ...), and the build fails if Kconfig dropped any
# option of them (a dependency that is not met) rather than boot a kernel
# that lacks one.
#
# The build is cached outside the tree, in VCTX_DEBUG_CACHE (default
# /var/cache/vctx/debug-kernel), under a key made of the source package's
# version, the fragments and the compiler's version: only a change of one
# of them pays for a new build, and a new configuration of the same source
# reuses the objects of the last one (kbuild rebuilds what it changed).
# A build cut short is never taken for a finished one (DIR/done is written
# last).
set -euo pipefail

tree=$(cd "$(dirname "$0")/../.." && pwd)
cache=${VCTX_DEBUG_CACHE:-/var/cache/vctx/debug-kernel}
pkg=linux-source-6.12
tarball=/usr/src/$pkg.tar.xz
fragments=("$tree/scripts/vm/config" "$tree/scripts/vm/config-9p"
	"$tree/selftests/config" "$tree/scripts/debug/config")

die() { echo "build-kernel.sh: $*" >&2; exit 1; }
log() { echo "build-kernel.sh: $*" >&2; }

srcver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || die "$pkg is not installed; apt-get install $pkg"
[[ -r $tarball ]] || die "$tarball not found; apt-get install --reinstall $pkg"
for tool in bc bison flex; do
	command -v $tool >/dev/null || die "$tool not found; apt-get install bc bison flex libelf-dev libssl-dev"
done
[[ -e /usr/include/libelf.h ]] || die "libelf.h not found; apt-get install libelf-dev"

key=$({
	echo "$pkg $srcver"
	gcc -dumpfullversion
	cat "${fragments[@]}"
} | sha256sum | cut -c1-16)
dir=$cache/$key
# One build at a time: a second run waits for the first and takes its result.
mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9
if [[ -f $dir/done ]]; then
	echo "$dir"
	exit 0
fi

log "building the debug kernel from $pkg $srcver into $dir (once per key; a cold build takes a while)"
# The sources and objects stay in one place, tree/, whatever the key:
# kbuild rebuilds an object whose command line changed, and the command
# line holds the paths, so a new configuration of the same source
# recompiles only what its changed options touch. A new source starts
# over. Older keys' results are removed.
work=$cache/tree
find "$cache" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended \
	-regex '.*/[0-9a-f]{16}' ! -name "$key" -exec rm -rf {} +
rm -rf "$dir"
mkdir -p "$dir"
if [[ $(cat "$work/source" 2>/dev/null) != "$pkg $srcver" ]]; then
	rm -rf "$work"
	mkdir -p "$work/unpack"
	# The tarball holds one directory (linux-source-6.12): it becomes src/.
	tar -xJf "$tarball" -C "$work/unpack"
	mv "$work/unpack"/* "$work/src"
	rmdir "$work/unpack"
	echo "$pkg $srcver" >"$work/source"
else
	log "reusing the objects in $work (same source)"
fi
obj=$work/obj
mkdir -p "$obj"
ln -sfn "$obj" "$dir/obj"

kmake() { make -C "$work/src" O="$obj" LOCALVERSION=-vctx-debug "$@"; }
{
	kmake tinyconfig
	"$work/src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${fragments[@]}"
	kmake olddefconfig
} >"$dir/config.log" 2>&1 || { tail -n 30 "$dir/config.log" >&2; die "configuration failed (log: $dir/config.log)"; }
"$tree/scripts/config-check.sh" "$obj/.config" "${fragments[@]}" >&2 ||
	die "Kconfig dropped the options above (an unmet dependency): fix scripts/debug/config"

jobs=$(nproc)
if ! kmake -j"$jobs" bzImage modules >"$dir/build.log" 2>&1; then
	grep -E 'error|Error' "$dir/build.log" | head -n 20 >&2
	die "the kernel failed to build (log: $dir/build.log)"
fi
kmake INSTALL_MOD_PATH="$dir/modules" INSTALL_MOD_STRIP=1 modules_install >>"$dir/build.log" 2>&1 ||
	die "modules_install failed (log: $dir/build.log)"
cp "$obj/arch/x86/boot/bzImage" "$dir/vmlinuz"
cp "$obj/.config" "$dir/config"
kmake -s kernelrelease >"$dir/kernel.release"
# The sources stay: an out-of-tree module builds against obj/ and src/.
touch "$dir/done"
log "built $(cat "$dir/kernel.release")"
echo "$dir"
