#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stage-tree.sh TREE DEST: copies the tree, as the tests use it, from TREE to
# DEST: the sources (selftests/netprobe.py, scripts/ ...) and what was built
# to run inside a context (build/userland: vctx and libvctx; build/selftests:
# the test programs and their helpers; build/deb: the packages of make deb,
# for selftests/deb/install_test.sh to install). Nothing else of build/
# (modules are loaded from the host's tree, never from inside a context)
# and no .git.
#
# Why: a context's default root is the VM's root file system without its
# submounts, with a /tmp and a /run of its own and the host's secrets masked
# (/root, /home, /var/tmp ...: DEFAULT_MASK in userland/defaults.h). A tree
# checked out there is out of a context's reach, and a test that runs
# 'vctx exec CTX -- $HOG' would fail for that alone. vm-stage2.sh runs every
# job from a copy at a path every context sees, wherever the tree is.
set -euo pipefail
shopt -s nullglob dotglob

tree=${1:?usage: stage-tree.sh TREE DEST}
dest=${2:?usage: stage-tree.sh TREE DEST}
tree=$(realpath "$tree")
[[ $(realpath -m "$dest") != "$tree" ]] || { echo "stage-tree.sh: DEST is TREE" >&2; exit 1; }

rm -rf "$dest"
mkdir -p "$dest/build"
for f in "$tree"/*; do
	case ${f##*/} in
	.git | build) ;;
	*) cp -a "$f" "$dest/" ;;
	esac
done
for d in userland selftests deb; do
	[[ ! -d $tree/build/$d ]] || cp -a "$tree/build/$d" "$dest/build/"
done
