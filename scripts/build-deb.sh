#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-deb.sh: the Debian packages of the tree (make deb), then lintian.
#
# Builds vctx, libvctx0, libvctx-dev and vctx-dkms (debian/) with
# dpkg-buildpackage -us -uc -b at the tree's version (make -s version) and
# leaves them, with their .buildinfo and .changes, in build/deb/.
# dpkg-buildpackage writes its results to the parent of the source
# directory, so it runs in a copy, build/deb-src/vctx-VERSION: nothing lands
# at the tree top or beside the checkout.
#
# Then lintian checks the .changes: any tag it shows (error, warning, info,
# pedantic) fails, apart from the overrides in debian/*.lintian-overrides,
# each of which says why. Experimental tags are not shown.
#
# The version: debian/changelog holds the releases. A build at any other
# version (a snapshot, BASE_VERSION+gitREV) gets an entry of its own on
# top, generated here and dated like its commit, so the packages always
# carry the version the Makefile gives the tool and the module, and the
# same commit builds the same packages.
set -euo pipefail

tree=$(cd "$(dirname "$0")/.." && pwd)
out=$tree/build/deb
work=$tree/build/deb-src

die() { echo "build-deb.sh: $*" >&2; exit 1; }

for tool in dpkg-buildpackage dh dh_dkms lintian; do
	command -v "$tool" >/dev/null ||
		die "$tool not found; install: apt-get install dpkg-dev debhelper dh-dkms lintian"
done

version=$(make -s -C "$tree" version)
src=$work/vctx-$version
rm -rf "$out" "$work"
mkdir -p "$out" "$src"
# The tree as it is (uncommitted edits included), without .git and build/.
tar -C "$tree" --exclude=./.git --exclude=./build -cf - . | tar -C "$src" -xf -

released=$(dpkg-parsechangelog -l "$tree/debian/changelog" -S Version)
if [[ $released != "$version" ]]; then
	# A snapshot sorts after the release it follows; one that sorts before
	# the newest entry means BASE_VERSION lags behind debian/changelog.
	dpkg --compare-versions "$version" gt "$released" ||
		die "version $version is older than $released, the newest in debian/changelog; raise BASE_VERSION in the Makefile"
	epoch=$(git -C "$tree" log -1 --format=%ct 2>/dev/null || date +%s)
	maint=$(dpkg-parsechangelog -l "$tree/debian/changelog" -S Maintainer)
	{
		echo "vctx ($version) unstable; urgency=medium"
		echo
		echo "  * Snapshot of the tree at version $version."
		echo
		echo " -- $maint  $(LC_ALL=C date -u -R -d "@$epoch")"
		echo
		cat "$tree/debian/changelog"
	} >"$src/debian/changelog"
fi

log=$out/build.log
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	die "dpkg-buildpackage failed (log: ${log#"$tree"/})"
fi
mv "$work"/*.deb "$work"/*.buildinfo "$work"/*.changes "$out"/
rm -rf "$work"
for f in "$out"/*.deb; do
	echo "  deb  ${f#"$tree"/}"
done
# New library symbols are no error, but debian/libvctx0.symbols should
# list them (with the version that brought them): say so.
if grep -q 'dpkg-gensymbols: warning' "$log"; then
	grep -A40 'dpkg-gensymbols: warning' "$log" | grep '^+ ' | sed 's/^+/  new symbol (add to debian\/libvctx0.symbols):/' >&2 || true
fi

lintian_log=$out/lintian.log
if ! lintian --fail-on error,warning,info,pedantic --display-info --pedantic --tag-display-limit 0 \
	"$out"/vctx_"$version"_*.changes >"$lintian_log" 2>&1; then
	grep -v '^running with root privileges' "$lintian_log" >&2
	die "lintian found problems in the packages (log: ${lintian_log#"$tree"/}); fix them, or override one in debian/PACKAGE.lintian-overrides with a comment saying why"
fi
echo "  lintian: clean (${lintian_log#"$tree"/})"
