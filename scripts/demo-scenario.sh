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

# cpu_share SECONDS NAME...: the share of one CPU each context used.
cpu_share() {
	local secs=$1 name t0 t1
	shift
	declare -A u0
	t0=$(date +%s%N)
	for name; do u0[$name]=$(awk '$1 == "usage_usec" { print $2 }' "/sys/fs/cgroup/vctx/$name/cpu.stat"); done
	sleep "$secs"
	t1=$(date +%s%N)
	for name; do
		awk -v n="$name" -v a="${u0[$name]}" -v t="$(((t1 - t0) / 1000))" \
			'$1 == "usage_usec" { printf "%s: %.1f%% of one CPU\n", n, ($2 - a) * 100 / t }' \
			"/sys/fs/cgroup/vctx/$name/cpu.stat"
	done
}

# wait_boots NAME N: until guest NAME's rcS logged its Nth boot (30 s at most).
wait_boots() {
	local log=/var/lib/vctx/$1/rootfs/var/log/boot.log deadline=$((SECONDS + 30))
	until [[ $(grep -c ' boot ' "$log" 2>/dev/null) -ge $2 ]]; do
		[[ $SECONDS -lt $deadline ]] || { echo "(no boot $2 of $1 within 30 s)"; return 1; }
		sleep 0.1
	done
}

echo "vctx demo on Debian kernel $(uname -r)"
cd "$(dirname "$vctx")"
export PATH=$PWD:$PATH

section "The module"
show "lsmod | grep -E '^(Module|vctx)'"
show "vctx monitor >/tmp/vctx-demo-events 2>/dev/null & monitor=\$!  # events, recorded while the demo runs"
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

section "procfs visibility: /proc in a guest next to the host's"
show "ls -C -w 100 -I '[0-9]*' /proc"
show "vctx exec web1 -- ls -C -w 100 -I '[0-9]*' /proc"
show "vctx exec web1 -- cat /proc/kmsg || echo \"(exit status \$?)\""
show "vctx proc --list | head -8"
show "vctx proc --context web1 kallsyms --unhide; vctx exec web1 -- ls /proc/kallsyms; vctx exec db -- ls /proc/kallsyms || echo \"(exit status \$?)\""

section "IP binding: two guests serving port 8080, each on its own address"
show "modprobe dummy; ip link add vnet0 type dummy && ip link set vnet0 up && ip addr add 192.0.2.1/24 dev vnet0 && ip route add default dev vnet0"
show "vctx create --ip 192.0.2.10/24 shop1 && vctx create --ip 192.0.2.20/24 shop2"
show "ip -br addr show dev vnet0"
show "vctx exec shop1 -- python3 -m http.server -d /etc 8080 >/dev/null 2>&1 &"
show "vctx exec shop2 -- python3 -m http.server -d /usr/share/doc 8080 >/dev/null 2>&1 &"
show "until [ \$(ss -Hltn 'sport = :8080' | wc -l) = 2 ]; do sleep 0.2; done; ss -Hltn 'sport = :8080'"
show "python3 -c 'import urllib.request as u; print(u.urlopen(\"http://192.0.2.10:8080/\").read().decode().count(\"<li>\"), \"entries at 192.0.2.10\")'"
show "python3 -c 'import urllib.request as u; print(u.urlopen(\"http://192.0.2.20:8080/\").read().decode().count(\"<li>\"), \"entries at 192.0.2.20\")'"
show "vctx exec shop1 -- python3 -c 'import socket; socket.socket().bind((\"192.0.2.20\", 0))' 2>&1 | tail -1 || true  # shop2's address"
show "vctx bind shop1; vctx stat shop1 shop2"
show "vctx destroy --force shop1 shop2; ip -br addr show dev vnet0"

section "CPU limits: two busy contexts, each held to its own share by its token bucket"
show "vctx create --cpu 1/4 --cpu-bucket 100 --cpu-min 20 busy1"
show "vctx create --cpu 1/10 --cpu-bucket 100 --cpu-min 20 --memory 64M --pids 50 busy2"
show "vctx exec busy1 -- sh -c 'while :; do :; done & while :; do :; done' >/dev/null 2>&1 &"
show "vctx exec busy2 -- sh -c 'while :; do :; done & while :; do :; done' >/dev/null 2>&1 &"
show "sleep 3; cpu_share 6 busy1 busy2"
show "vctx limit busy1"
show "vctx limit busy2"
show "cat /proc/vctx/\$(vctx --json info busy2 | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"xid\"])')/sched"
show "vctx limit busy2 --cpu 1/2; sleep 2; cpu_share 4 busy2"
show "vctx destroy --force busy1 busy2"

section "Ephemeral contexts and exit statuses"
show "vctx run -- sh -c 'echo hello from \$(hostname), pid \$\$; exit 3' || echo \"(exit status \$?)\""
show "vctx exec web1 -- /no/such/command || echo \"(exit status \$?)\""

section "What every context uses (vserver-stat)"
show "vctx stat"

section "A VPS guest: built, configured once, started with its own init, rebooted from inside, stopped"
show "vctx build shop --skeleton"
show "vctx config shop HOSTNAME=shop.example IP=192.0.2.30/24@vnet0 CPU=25% MEMORY=128M AUTOSTART=yes"
show "cat /etc/vctx/shop.conf"
show "vctx config shop MEMORY=lots || echo \"(exit status \$?)\""
show "vctx start shop && wait_boots shop 1 && vctx status shop"
show "vctx stat shop"
show "vctx exec shop -- ps; vctx exec shop -- hostname"
show "vctx exec shop -- reboot && wait_boots shop 2 && vctx status shop"
show "vctx stop shop && vctx status shop"
show "cat /var/lib/vctx/shop/rootfs/var/log/boot.log"

section "Lifecycle"
show "vctx kill db"
show "vctx --json list"
show "vctx destroy web1 || echo \"(exit status \$?)\""
show "vctx destroy --force web1"
show "vctx destroy db"
show "vctx list"

section "The events vctx monitor recorded meanwhile (denials and holds summarised)"
show "kill -INT \$monitor; wait \$monitor; grep -v -E ' (denied|hold|unhold) ' /tmp/vctx-demo-events"
show "grep -c ' denied ' /tmp/vctx-demo-events; grep ' denied ' /tmp/vctx-demo-events | head -3"
show "grep -c ' hold ' /tmp/vctx-demo-events"

section "Without the module, the tool says what to do"
show "rmmod vctx"
show "vctx version || echo \"(exit status \$?)\""
show "insmod $VCTX_MODULE"
