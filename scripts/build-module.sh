#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-module.sh [--strict] KDIR VERSION: builds vctx.ko against the kernel
# build tree KDIR into build/KVER/vctx.ko, and the selftests' modules into
# build/KVER/test-modules/.
#
# Each kernel gets its own object directory whose source files are symlinks
# into the tree, so modules for several kernels can coexist and the source
# tree stays clean (DKMS builds from a copy of the same files).
# --strict builds with W=1 and sparse (C=2: every file, rebuilt or not) and
# fails on any compiler or sparse warning.
set -euo pipefail

strict=
if [[ ${1:-} == --strict ]]; then
	strict=1
	shift
fi
kdir=${1:?usage: build-module.sh [--strict] KDIR VERSION}
version=${2:?usage: build-module.sh [--strict] KDIR VERSION}
tree=$(cd "$(dirname "$0")/.." && pwd)

[[ -f $kdir/Makefile ]] || {
	echo "build-module.sh: $kdir is not a kernel build tree; install the headers package (e.g. linux-headers-amd64)" >&2
	exit 1
}
# The release the module's vermagic will carry (Debian's kernel.release
# names the upstream version instead, e.g. 6.1.192 for 6.1.0-56-amd64).
[[ -z $strict ]] || command -v sparse >/dev/null || {
	echo "build-module.sh: --strict runs sparse, which is not installed; apt-get install sparse" >&2
	exit 1
}
kver=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$kdir/include/generated/utsrelease.h" 2>/dev/null)
[[ -n $kver ]] || {
	echo "build-module.sh: $kdir has no include/generated/utsrelease.h; is it a prepared kernel build tree?" >&2
	exit 1
}

obj=$tree/build/$kver
mkdir -p "$obj"
# Mirror the module sources as symlinks; drop links whose source went away.
find "$obj" -type l ! -exec test -e {} \; -delete
while read -r src; do
	mkdir -p "$obj/$(dirname "$src")"
	ln -sfn "$tree/$src" "$obj/$src"
done < <(cd "$tree" && find Kbuild module uapi include -type f \( -name Kbuild -o -name '*.[ch]' \))

# kbuild DIR WHAT [MAKEVAR...]: build the external modules in DIR against
# KDIR, log to DIR/build.log; fail naming WHAT on an error, or on a warning
# with --strict.
kbuild() {
	local dir=$1 what=$2 args
	shift 2
	args=(-C "$kdir" M="$dir" "$@" modules)
	[[ -z $strict ]] || args+=(W=1 C=2)
	if ! make "${args[@]}" >"$dir/build.log" 2>&1; then
		cat "$dir/build.log" >&2
		echo "build-module.sh: $what failed to build for $kver" >&2
		exit 1
	fi
	if [[ -n $strict ]] && grep -E 'warning:|error:' "$dir/build.log" >&2; then
		echo "build-module.sh: $what for $kver built with warnings (W=1)" >&2
		exit 1
	fi
}

kbuild "$obj" vctx.ko VCTX_VERSION="$version"
echo "  vctx.ko  $kver -> ${obj#"$tree"/}/vctx.ko"

# The selftests' own modules, beside it.
tobj=$obj/test-modules
mkdir -p "$tobj"
find "$tobj" -type l ! -exec test -e {} \; -delete
for src in "$tree"/selftests/modules/Kbuild "$tree"/selftests/modules/*.c; do
	ln -sfn "$src" "$tobj/$(basename "$src")"
done
kbuild "$tobj" "the selftests' modules"
