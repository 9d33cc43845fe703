#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# config-check.sh KCONFIG FRAGMENT...: every option of the kselftest-style
# FRAGMENTs (selftests/config, scripts/vm/config) is set in the kernel
# config KCONFIG (/boot/config-KVER). A "=m" wants a module or built in,
# "=y" built in, any other value that value. Prints each missing option
# with the fragment that wants it; non-zero when one is missing.
set -euo pipefail

kconfig=${1:?usage: config-check.sh KCONFIG FRAGMENT...}
shift
[[ $# -gt 0 ]] || { echo "usage: config-check.sh KCONFIG FRAGMENT..." >&2; exit 2; }
[[ -r $kconfig ]] || { echo "config-check.sh: cannot read $kconfig" >&2; exit 2; }

missing=0
for fragment; do
	while IFS='=' read -r option want; do
		[[ $option == CONFIG_* ]] || continue
		have=$(grep -m1 "^$option=" "$kconfig" | cut -d= -f2- || true)
		case $want:$have in
		m:m | m:y) ;;
		*) [[ $have == "$want" ]] && continue
		   echo "$option=$want wanted by $fragment, ${have:+$kconfig has $option=$have}${have:-not set in $kconfig}"
		   missing=1 ;;
		esac
	done <"$fragment"
done
exit $missing
