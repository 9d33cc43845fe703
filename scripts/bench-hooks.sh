#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-hooks.sh: what vctx.ko's hooks cost (SPEC 6), run inside the test VM
# by 'make bench-hooks'. The same operations (selftests/hookbench.c: kill
# 0, UDP bind, UDP connect, fork+exit, listing /proc) are timed by a host
# task without the module, with it and 1000 registered contexts, and by a
# task inside a context; figures are ratios to the run without the module.
# (Inside, /proc lists the context's own processes only: that line compares
# unlike listings and is shown for completeness.)
set -euo pipefail

vctx=${VCTX_BUILD:?run me through scripts/vm/vm-run.sh}/userland/vctx
hb=$VCTX_BUILD/selftests/helpers/hookbench

rmmod vctx
base=$("$hb" ops)
insmod "$VCTX_MODULE"
"$hb" contexts 1000 >/dev/null
loaded=$("$hb" ops)
"$vctx" create bench
inside=$("$vctx" exec bench -- "$hb" ops)
"$vctx" destroy --force bench
"$hb" drop 1000 >/dev/null

echo "Hook cost, ns per operation (median of 7 rounds) and ratio to no module:"
printf '%-14s %12s %22s %8s %18s %8s\n' operation "no module" "module+1000 contexts" ratio \
	"inside a context" ratio
join <(sort <<<"$base") <(sort <<<"$loaded") | join - <(sort <<<"$inside") |
	awk '{ printf "%-14s %12d %22d %8.3f %18d %8.3f\n", $1, $2, $3, $3 / $2, $4, $4 / $2 }'
echo "SPEC 6 targets: at most 1.03 with the module from the host, 1.10 from inside."
