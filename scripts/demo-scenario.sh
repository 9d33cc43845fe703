#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the demo shows, run inside the VM with vctx.ko loaded by the runner.
set -euo pipefail

vctx=${VCTX_BUILD:?}/userland/vctx

# show 'COMMAND LINE': print it as typed at a prompt, then run it.
show() {
	printf '\n$ %s\n' "$1"
	eval "$1"
}

section() {
	printf '\n== %s\n' "$1"
}

echo "vctx demo on Debian kernel $(uname -r)"
cd "$(dirname "$vctx")"
export PATH=$PWD:$PATH

section "The module"
show "lsmod | grep -E '^(Module|vctx)'"
show "ls -l /dev/vctx"
show "vctx version"

section "Two contexts side by side"
show "vctx create web1 --hostname web1.example"
show "vctx create --xid 100 --persistent db"
show "vctx list"
show "vctx info web1"
show "vctx exec web1 -- hostname"
show "vctx exec db -- hostname"

section "Inside a context: its own processes, cgroup, /proc/vctx entry"
show "vctx exec web1 -- sh -c 'sleep 300 & ps -e -o pid,comm'"
show "vctx exec web1 -- cat /proc/self/cgroup"
show "vctx exec web1 -- ls /proc/vctx"
show "ls /proc/vctx"
show "cat /proc/vctx/100/status"

section "The spectator (xid 1): every context's processes, as vctx ps shows them"
show "vctx ps | awk 'NR == 1 || \$2 != 0'"
show "vctx ps --json -o pid,xid,context,args db"
show "victim=\$(vctx ps -o pid db | sed -n 2p | tr -d ' '); echo \$victim"

section "No context touches another: denied cross-context kills"
show "vctx spectate -- kill -9 \$victim || echo \"(exit status \$?)\""
show "vctx exec web1 -- kill -9 \$victim || echo \"(exit status \$?: db's pid does not exist in web1)\""
show "sh -c 'echo \$\$ > /sys/fs/cgroup/vctx/web1/cgroup.procs; kill -9 '\$victim || echo \"(exit status \$?: a web1 task with the host's pids)\""
show "vctx spectate -- sh -c 'cat /proc/'\$victim'/status | head -3'"
show "vctx ps -o pid,xid,context,stat,args db"

section "What a guest root may not do"
show "vctx exec web1 -- sh -c 'echo x > /proc/sys/kernel/core_pattern' || echo \"(exit status \$?)\""
show "vctx exec web1 -- modprobe dummy || echo \"(exit status \$?)\""
show "vctx exec web1 -- grep CapBnd /proc/self/status"

section "Ephemeral contexts and exit statuses"
show "vctx run -- sh -c 'echo hello from \$(hostname), pid \$\$; exit 3' || echo \"(exit status \$?)\""
show "vctx exec web1 -- /no/such/command || echo \"(exit status \$?)\""

section "Lifecycle"
show "vctx kill db"
show "vctx --json list"
show "vctx destroy web1 || echo \"(exit status \$?)\""
show "vctx destroy --force web1"
show "vctx destroy db"
show "vctx list"

section "Without the module, the tool says what to do"
show "rmmod vctx"
show "vctx version || echo \"(exit status \$?)\""
show "insmod $VCTX_MODULE"
