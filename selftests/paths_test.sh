#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the tests run inside a context reaches it, wherever the tree was
# checked out: vm-stage2.sh runs every job from a copy of the tree that
# contexts see (scripts/vm/stage-tree.sh), because a context has a /tmp of
# its own and /root, /home ... masked.
#
#   VM root (overlay)                       a context's default root
#   /tmp/vctx-anywhere.X/tree  (a clone)    /tmp: its own tmpfs -> not there
#   /opt/vctx-tree*            (staged)     the same files      -> reachable
#
# Runs in the test VM as root with vctx.ko loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
: "${VCTX_TREE:?}"
helpers=$VCTX_BUILD/selftests/helpers
anywhere=
staged=/opt/vctx-tree-check.$$

after_each() {
	[[ -z $anywhere ]] || rm -rf "$anywhere"
	rm -rf "$staged"
	anywhere=
}

# in_context FILE...: each FILE is there for a context's processes, and an
# executable one runs.
in_context() {
	"$VCTX" run -- sh -c '
		for f; do
			test -r "$f" || { echo "$f: not in the context"; exit 1; }
		done' sh "$@"
}

helpers_of_the_suite_reach_a_context() {
	local f files=("$VCTX" "$VCTX_TREE/selftests/netprobe.py" "$VCTX_TREE/selftests/lib.sh")
	for f in "$helpers"/*; do
		files+=("$f")
	done
	[[ ${#files[@]} -gt 3 ]] || { echo "no helpers in $helpers (make selftests)"; return 1; }
	in_context "${files[@]}" || return 1
	expect_status 0 "$VCTX" run -- "$helpers/hog" work 1000 || return 1
	expect_status 0 "$VCTX" run -- python3 -c \
		'import ast, sys; ast.parse(open(sys.argv[1]).read())' "$VCTX_TREE/selftests/netprobe.py" || return 1
}

a_tree_under_tmp_is_staged_where_contexts_see_it() {
	anywhere=$(mktemp -d /tmp/vctx-anywhere.XXXXXX) || return 1
	"$VCTX_TREE/scripts/vm/stage-tree.sh" "$VCTX_TREE" "$anywhere/tree" || return 1
	# Baseline: the clone itself is out of a context's reach.
	expect_status 1 in_context "$anywhere/tree/build/selftests/helpers/hog" || return 1
	mkdir -p "$anywhere/tree/.git" "$anywhere/tree/build/check" || return 1
	"$anywhere/tree/scripts/vm/stage-tree.sh" "$anywhere/tree" "$staged" || return 1
	[[ ! -e $staged/.git && ! -e $staged/build/check ]] || { echo "staged more than the tests use"; return 1; }
	in_context "$staged/build/userland/vctx" "$staged/selftests/netprobe.py" \
		"$staged/scripts/vm/kernel-log-errors" || return 1
	expect_status 0 "$VCTX" run -- "$staged/build/selftests/helpers/hog" work 1000 || return 1
}

check "the helpers of the suite reach a context" helpers_of_the_suite_reach_a_context
check "a tree under /tmp is staged where contexts see it" a_tree_under_tmp_is_staged_where_contexts_see_it
done_testing
