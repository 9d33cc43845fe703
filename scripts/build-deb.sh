#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-deb.sh [--lintian]: the Debian packages of the tree (make deb).
#
# Builds vctx, libvctx0, libvctx-dev and vctx-dkms (debian/) with
# dpkg-buildpackage -us -uc -b into build/deb/, at the tree's version
# (make -s version). dpkg-buildpackage writes its results to the parent of
# the source directory, so it runs in a copy, build/deb-src/vctx-VERSION:
# nothing lands at the tree top or beside the checkout.
#
# --lintian checks the packages already in build/deb/ instead: no error or
# warning apart from the overrides in debian/*.lintian-overrides (each one
# says why); informational tags are printed, not counted.
set -euo pipefail

tree=$(cd "$(dirname "$0")/.." && pwd)
out=$tree/build/deb
work=$tree/build/deb-src

if [[ ${1:-} == --lintian ]]; then
	changes=("$out"/vctx_*.changes)
	[[ -f ${changes[0]} ]] || { echo "build-deb.sh: no packages in $out; run 'make deb'" >&2; exit 1; }
	exec lintian --fail-on error,warning --display-info --no-tag-display-limit "${changes[@]}"
fi

version=$(make -s -C "$tree" version)
src=$work/vctx-$version
rm -rf "$out" "$work"
mkdir -p "$out" "$src"
# The tree as it is (uncommitted edits included), without .git and build/.
tar -C "$tree" --exclude=./.git --exclude=./build -cf - . | tar -C "$src" -xf -

# debian/changelog names the release; a snapshot gets an entry of its own
# on top, dated like its commit so that the same commit builds the same.
if [[ $(dpkg-parsechangelog -l "$src/debian/changelog" -S Version) != "$version" ]]; then
	date=$(git -C "$tree" log -1 --format=%aD 2>/dev/null || date -R)
	maint=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Maintainer)
	{
		echo "vctx ($version) unstable; urgency=medium"
		echo
		echo "  * Snapshot of the tree at version $version."
		echo
		echo " -- $maint  $date"
		echo
		cat "$tree/debian/changelog"
	} >"$src/debian/changelog"
fi

log=$out/build.log
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	echo "build-deb.sh: dpkg-buildpackage failed (log: ${log#"$tree"/})" >&2
	exit 1
fi
mv "$work"/*.deb "$work"/*.buildinfo "$work"/*.changes "$out"/
rm -rf "$work"
for f in "$out"/*.deb; do
	echo "  deb  ${f#"$tree"/}"
done
