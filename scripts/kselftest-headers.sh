#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest-headers.sh OUTDIR: extracts the kernel's selftest harness
# (kselftest_harness.h, kselftest.h) and checkpatch.pl from the newest
# /usr/src/linux-source-*.tar.xz (Debian's linux-source-6.12 package) into
# OUTDIR. Nothing of it is committed to vctx.
set -euo pipefail

out=${1:?usage: kselftest-headers.sh OUTDIR}
tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1 || true)
[[ -n $tarball ]] || {
	echo "kselftest-headers.sh: no /usr/src/linux-source-*.tar.xz; install linux-source-6.12" >&2
	exit 1
}
top=$(basename "$tarball" .tar.xz)
files=(tools/testing/selftests/kselftest_harness.h tools/testing/selftests/kselftest.h
	scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$tarball" -C "$tmp" "${files[@]/#/$top/}"
mkdir -p "$out"
for f in "${files[@]}"; do
	cp "$tmp/$top/$f" "$out/"
done
echo "$tarball" >"$out/SOURCE"
