#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IP binding on the shared network stack, over a dummy interface inside the
# VM with documentation addresses only:
#
#   host  vnet0 (dummy, default route): 192.0.2.1/24, 198.51.100.1/24,
#         2001:db8::1/64; services on 127.0.0.1 and ::1
#   a     --ip 192.0.2.10/24 --ip 198.51.100.10/24 --ip 2001:db8::10/64
#   b     --ip 192.0.2.20/24 --ip 2001:db8::20/64
#
# Servers on 0.0.0.0:8080 in a and b answer at their own addresses only;
# sources of outgoing TCP and UDP come from the set; foreign binds, raw and
# packet sockets and the host's loopback are refused; --net private gets a
# veth pair to the host, or with --link an ipvlan child of a host interface:
#
#   ipvp  the ipvlan parent (one end of a veth pair, no address)
#   ipvh  its peer, the host's 203.0.113.1/24 and 2001:db8:2::1/64, so the
#         host's replies come back in through the parent
#
# bad input leaves nothing configured. Runs in the test VM as root with vctx.ko loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
PROBE=$(cd "$(dirname "$0")" && pwd)/netprobe.py
TMP=$(mktemp -d)

setup_host() {
	modprobe dummy 2>/dev/null
	ip link add vnet0 type dummy && ip link set vnet0 up &&
		ip addr add 192.0.2.1/24 dev vnet0 && ip addr add 198.51.100.1/24 dev vnet0 &&
		ip -6 addr add 2001:db8::1/64 dev vnet0 nodad &&
		ip route add default dev vnet0 && ip -6 route add default dev vnet0
}

after_each() {
	local name
	pkill -f "$PROBE"
	for name in $("$VCTX" --json list | python3 -c 'import json,sys; print(" ".join(c["name"] for c in json.load(sys.stdin)))'); do
		"$VCTX" destroy --force "$name"
	done
	ip link del ipvt 2>/dev/null
	ip link del ipvp 2>/dev/null
	ip route replace default dev vnet0
}

# as WHO PROBE...: run netprobe.py as WHO (a context, or "host").
as() {
	local who=$1
	shift
	if [[ $who == host ]]; then
		python3 "$PROBE" "$@"
	else
		"$VCTX" exec "$who" -- python3 "$PROBE" "$@"
	fi
}

# serve WHO ADDR PORT REPLY: a TCP server in the background; waits until it
# listens and leaves the address it bound in $TMP/WHO.addr.
serve() {
	rm -f "$TMP/$1.addr"	# an earlier check's must not pass for this one's
	as "$1" serve "$2" "$3" "$4" >"$TMP/$1.addr" 2>&1 &
	wait_until 20 test -s "$TMP/$1.addr"
}

expect_probe() {
	local want=$1
	shift
	expect_status 0 as "$@" || return 1
	expect_eq "$OUT" "$want" "$*" || return 1
}

two_guests() {
	"$VCTX" create --ip 192.0.2.10/24 --ip 198.51.100.10/24@vnet0 --ip 2001:db8::10/64 a \
		2>"$TMP/create.err" || { cat "$TMP/create.err"; return 1; }
	"$VCTX" create --ip 192.0.2.20/24@vnet0 --ip 2001:db8::20/64@vnet0 b || return 1
}

a_wildcard_server_answers_at_its_own_address_only() {
	two_guests || return 1
	serve a 0.0.0.0 8080 A || return 1
	expect_eq "$(cat "$TMP/a.addr")" 192.0.2.10 "address a's wildcard bind got" || return 1
	expect_probe A host fetch 192.0.2.10 8080 || return 1
	expect_probe ECONNREFUSED host fetch 192.0.2.20 8080 || return 1
	expect_probe ECONNREFUSED host fetch 192.0.2.1 8080 || return 1
	# The addresses are on the interface the default route uses.
	ip -o addr show dev vnet0 | grep -q 'inet 192.0.2.10/24' || { echo "192.0.2.10 not on vnet0"; return 1; }
}

two_guests_share_a_port() {
	two_guests || return 1
	serve a 0.0.0.0 8080 A || return 1
	serve b 0.0.0.0 8080 B || return 1
	expect_probe A host fetch 192.0.2.10 8080 || return 1
	expect_probe B host fetch 192.0.2.20 8080 || return 1
	expect_probe 2001:db8::20 b bind :: || return 1
}

foreign_binds_are_refused() {
	two_guests || return 1
	expect_probe EADDRNOTAVAIL a bind 192.0.2.20 || return 1
	expect_probe EADDRNOTAVAIL a bind 192.0.2.1 || return 1
	expect_probe EADDRNOTAVAIL a bind 2001:db8::20 || return 1
	expect_probe EADDRNOTAVAIL a bind 127.0.0.1 || return 1
	expect_probe 198.51.100.10 a bind 198.51.100.10 || return 1
	expect_probe 2001:db8::10 a bind :: || return 1
	# listen() without bind() gets the primary, not every address.
	expect_probe 192.0.2.10 a serve-unbound 4 0 || return 1
	expect_probe 2001:db8::10 a serve-unbound 6 0 || return 1
}

outgoing_traffic_carries_the_guests_source() {
	two_guests || return 1
	as host peer 192.0.2.1 9000 >"$TMP/peer" 2>"$TMP/peer.ready" &
	wait_until 10 grep -q ready "$TMP/peer.ready" || return 1
	expect_probe 192.0.2.10 a source 192.0.2.1 9000 || return 1
	wait_until 10 test -s "$TMP/peer" || return 1
	expect_eq "$(cat "$TMP/peer")" 192.0.2.10 "TCP peer seen by the host" || return 1
	# The address on the destination's subnet, not the primary.
	as host udp-peer 198.51.100.1 9001 >"$TMP/udp" 2>"$TMP/udp.ready" &
	wait_until 10 grep -q ready "$TMP/udp.ready" || return 1
	expect_probe "sent 198.51.100.10" a udp-send 198.51.100.1 9001 || return 1
	wait_until 10 test -s "$TMP/udp" || return 1
	expect_eq "$(cat "$TMP/udp")" 198.51.100.10 "UDP peer seen by the host" || return 1
	# A per-message source must be the context's too.
	expect_probe EPERM a udp-pktinfo 192.0.2.1 192.0.2.1 9001 || return 1
	expect_probe sent a udp-pktinfo 192.0.2.10 192.0.2.1 9001 || return 1
	# A connected UDP socket gets its source at connect().
	expect_probe 192.0.2.10 a udp-connect 192.0.2.1 9001 || return 1
	expect_probe 198.51.100.10 a udp-connect 198.51.100.1 9001 || return 1
	# IPv6 datagrams: the source of an unbound socket, and per message.
	expect_probe "sent 2001:db8::10" a udp-send 2001:db8::1 9001 || return 1
	expect_probe EPERM a udp-pktinfo 2001:db8::1 2001:db8::1 9001 || return 1
	expect_probe sent a udp-pktinfo 2001:db8::10 2001:db8::1 9001 || return 1
	expect_probe 2001:db8::10 a udp-connect 2001:db8::1 9001 || return 1
	# IPv6.
	as host peer 2001:db8::1 9002 >"$TMP/peer6" 2>"$TMP/peer6.ready" &
	wait_until 10 grep -q ready "$TMP/peer6.ready" || return 1
	expect_probe 2001:db8::10 a source 2001:db8::1 9002 || return 1
	wait_until 10 test -s "$TMP/peer6" || return 1
	expect_eq "$(cat "$TMP/peer6")" 2001:db8::10 "TCP/IPv6 peer seen by the host" || return 1
}

raw_and_packet_sockets_are_refused() {
	"$VCTX" create --cap-keep net_raw --ip 192.0.2.10/24 a || return 1
	"$VCTX" create --cap-keep net_raw --net shared c || return 1
	expect_probe EPERM a raw || return 1
	expect_probe EPERM a packet || return 1
	# The refusal is the binding's, not a missing capability.
	expect_probe created c raw || return 1
	expect_probe created c packet || return 1
}

the_hosts_loopback_needs_the_flag() {
	serve host 127.0.0.1 9100 H || return 1
	serve host ::1 9101 H6 || return 1
	"$VCTX" create --ip 192.0.2.10/24 --ip 2001:db8::10/64 a || return 1
	"$VCTX" create --ip 192.0.2.11/24 --ip 2001:db8::11/64 --host-loopback l || return 1
	expect_probe EPERM a fetch 127.0.0.1 9100 || return 1
	expect_probe EPERM a fetch ::1 9101 || return 1
	expect_probe EPERM a udp-connect 127.0.0.1 9100 || return 1
	expect_probe EPERM a udp-send 127.0.0.1 9100 || return 1
	expect_probe EPERM a udp-send ::1 9101 || return 1
	expect_probe H l fetch 127.0.0.1 9100 || return 1
	expect_probe H6 l fetch ::1 9101 || return 1
}

a_missing_family_is_unreachable() {
	"$VCTX" create --ip 192.0.2.10/24 a || return 1
	as host peer 2001:db8::1 9003 >/dev/null 2>"$TMP/p.ready" &
	wait_until 10 grep -q ready "$TMP/p.ready" || return 1
	expect_probe ENETUNREACH a source 2001:db8::1 9003 || return 1
	expect_probe ENETUNREACH a udp-connect 2001:db8::1 9003 || return 1
	expect_probe ENETUNREACH a udp-send 2001:db8::1 9003 || return 1
	expect_probe EADDRNOTAVAIL a bind :: || return 1
	# listen() without bind() has no address of that family to take.
	expect_probe EADDRNOTAVAIL a serve-unbound 6 0 || return 1
}

bind_changes_a_running_context() {
	"$VCTX" create --ip 192.0.2.10/24 a || return 1
	expect_status 0 "$VCTX" bind a --add 192.0.2.11/24@vnet0 --host-loopback || return 1
	ip -o addr show dev vnet0 | grep -q 'inet 192.0.2.11/24' || { echo "192.0.2.11 not added"; return 1; }
	expect_probe 192.0.2.11 a bind 192.0.2.11 || return 1
	expect_status 0 "$VCTX" bind a || return 1
	expect_eq "$OUT" "192.0.2.10/24@vnet0 192.0.2.11/24@vnet0 (host loopback)" || return 1
	expect_status 0 "$VCTX" bind a --del 192.0.2.10 || return 1
	ip -o addr show dev vnet0 | grep -q 'inet 192.0.2.10/' && { echo "192.0.2.10 still on vnet0"; return 1; }
	expect_probe 192.0.2.11 a bind 0.0.0.0 || return 1
	expect_status 125 "$VCTX" bind a --del 192.0.2.11 || return 1
	expect_contains "$OUT" "keeps at least one address" || return 1
	# info, stat and list show them.
	expect_status 0 "$VCTX" info a || return 1
	expect_contains "$OUT" "addresses:  192.0.2.11/24@vnet0" || return 1
	expect_status 0 "$VCTX" stat --json a || return 1
	expect_contains "$OUT" '"addresses":["192.0.2.11/24"]' || return 1
	expect_status 0 cat "/proc/vctx/$("$VCTX" --json info a | python3 -c 'import json,sys; print(json.load(sys.stdin)["xid"])')/net" || return 1
	expect_eq "$OUT" $'addresses: 192.0.2.11/24\nhost_loopback: yes' "/proc/vctx/<xid>/net" || return 1
}

addresses_leave_with_the_context() {
	"$VCTX" create --ip 192.0.2.10/24 --ip 2001:db8::10/64 a || return 1
	"$VCTX" destroy --force a || return 1
	ip -o addr show dev vnet0 | grep -E -q '192.0.2.10/|2001:db8::10/' &&
		{ echo "addresses left on vnet0:"; ip -o addr show dev vnet0; return 1; }
	# An init that exits takes them too.
	"$VCTX" create --init "sleep 1" --ip 192.0.2.12/24 t || return 1
	wait_until 20 sh -c '! ip -o addr show dev vnet0 | grep -q 192.0.2.12/' || return 1
}

bad_input_leaves_nothing() {
	local before
	"$VCTX" create --ip 192.0.2.20/24 b || return 1
	before=$(ip -o addr show)
	while IFS='|' read -r args want; do
		# shellcheck disable=SC2086
		expect_status 125 "$VCTX" create $args x || return 1
		expect_contains "$OUT" "$want" || return 1
	done <<'EOF2'
--ip 192.0.2|not an IPv4 or IPv6 address
--ip 192.0.2.10/33|the prefix must be 0 to 32
--ip 2001:db8::10/129|the prefix must be 0 to 128
--ip 192.0.2.10 --ip 192.0.2.10/24|given twice
--ip 192.0.2.10@nosuch0|no network interface 'nosuch0'
--ip 192.0.2.10 --ip 192.0.2.11@nosuch0|no network interface 'nosuch0'
--ip 192.0.2.1/24|the host already has that address (on vnet0)
--ip 192.0.2.20/24|context 'b' has that address
--ip 127.0.0.2|loopback addresses are the host's
--net none --ip 192.0.2.10|--ip needs a network
--net private|--net private needs the context's addresses
--net private --ip 198.51.100.50/24@vnet0|drop '@vnet0'
--link ipvlan --ip 192.0.2.50/24|--link is for --net private
--net private --link ipvlan|--net private needs the context's addresses
--net private --link vxlan --ip 192.0.2.50/24|invalid --link 'vxlan': unknown link type: use veth, ipvlan[@DEV] (L3 mode), ipvlan-l3[@DEV] or ipvlan-l2[@DEV]
--net private --link veth@vnet0 --ip 192.0.2.50/24|a veth pair has no parent interface
--net private --link ipvlan@ --ip 192.0.2.50/24|'@' must be followed by an interface name
--net private --link ipvlan@nosuch0 --ip 192.0.2.50/24|the host has no network interface 'nosuch0'
--net private --link ipvlan-l2@lo --ip 192.0.2.50/24|lo is not an Ethernet interface
EOF2
	expect_eq "$(ip -o addr show)" "$before" "host addresses after refused creates" || return 1
	expect_status 0 "$VCTX" --json list || return 1
	expect_eq "$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$OUT")" 1 \
		"contexts after refused creates" || return 1
}

xid_of() {
	"$VCTX" --json info "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["xid"])'
}

# --net private: a namespace of its own, a veth pair to the host.
private_mode_reaches_the_host_over_its_veth() {
	local xid
	need_kmod veth CONFIG_VETH || return
	"$VCTX" create --net private --ip 198.51.100.50/24 --ip 2001:db8:1::50/64 p || return 1
	xid=$(xid_of p) || return 1
	ip link show "vctx$xid" >/dev/null || { echo "no host end vctx$xid"; return 1; }
	expect_status 0 "$VCTX" exec p -- ip -o addr show dev eth0 || return 1
	expect_contains "$OUT" "inet 198.51.100.50/24" || return 1
	expect_contains "$OUT" "inet6 2001:db8:1::50/64" || return 1
	# Its address is its own namespace's, not the host's.
	ip -o addr show | grep -q 198.51.100.50 && { echo "198.51.100.50 on the host"; return 1; }
	as host peer 169.254.1.1 9300 >"$TMP/pp" 2>"$TMP/pp.ready" &
	wait_until 10 grep -q ready "$TMP/pp.ready" || return 1
	expect_probe 198.51.100.50 p source 169.254.1.1 9300 || return 1
	wait_until 10 test -s "$TMP/pp" || return 1
	expect_eq "$(cat "$TMP/pp")" 198.51.100.50 "peer seen by the host" || return 1
	as host peer 2001:db8::1 9301 >"$TMP/pp6" 2>"$TMP/pp6.ready" &
	wait_until 10 grep -q ready "$TMP/pp6.ready" || return 1
	expect_probe 2001:db8:1::50 p source 2001:db8::1 9301 || return 1
	wait_until 10 test -s "$TMP/pp6" || return 1
	expect_eq "$(cat "$TMP/pp6")" 2001:db8:1::50 "IPv6 peer seen by the host" || return 1
	# The pair goes with the context.
	"$VCTX" destroy --force p || return 1
	wait_until 20 sh -c "! ip link show vctx$xid 2>/dev/null" || return 1
}

# The ipvlan parent: a veth end whose peer holds the host's addresses (a
# dummy would drop what the host sends back to its children).
ipvlan_parent() {
	need_kmod veth CONFIG_VETH || return
	need_kmod ipvlan CONFIG_IPVLAN || return
	ip link add ipvp type veth peer name ipvh && ip link set ipvp up && ip link set ipvh up &&
		ip addr add 203.0.113.1/24 dev ipvh && ip -6 addr add 2001:db8:2::1/64 dev ipvh nodad
}

# expect_ipvlan_eth0 NAME MODE ADDR: NAME's eth0 is an ipvlan link in MODE
# with ADDR and an on-link default route.
expect_ipvlan_eth0() {
	expect_status 0 "$VCTX" exec "$1" -- ip -d -o link show dev eth0 || return 1
	expect_contains "$OUT" "ipvlan " || return 1
	expect_contains "$OUT" "mode $2 " || return 1
	expect_status 0 "$VCTX" exec "$1" -- ip -o addr show dev eth0 || return 1
	expect_contains "$OUT" "inet $3" || return 1
	expect_status 0 "$VCTX" exec "$1" -- ip route show default || return 1
	expect_contains "$OUT" "default dev eth0" || return 1
}

# expect_no_ipvlan_left PARENT ADDR...: no ipvlan link on the host, and
# none left in any namespace: a new child of PARENT takes each ADDR again
# (an ipvlan port refuses an address one of its children holds, wherever
# that child is).
expect_no_ipvlan_left() {
	local parent=$1 addr
	shift
	[[ -z $(ip -o link show type ipvlan) ]] || { echo "ipvlan links on the host:"; ip -o link show type ipvlan; return 1; }
	for addr in "$@"; do
		wait_until 20 ipvlan_address_free "$parent" "$addr" || return 1
	done
}

ipvlan_address_free() {
	local ret
	ip link add ipvt link "$1" type ipvlan mode l3 || return 1
	ip addr add "$2" dev ipvt nodad
	ret=$?
	ip link del ipvt
	return $ret
}

# Two guests on one parent in MODE reach each other; in L2 mode the host too.
ipvlan_guests_reach_each_other_and_the_host() {
	local mode=$1
	ipvlan_parent || return
	"$VCTX" create --net private --link "ipvlan-$mode@ipvp" --ip 203.0.113.10/24 \
		--ip 2001:db8:2::10/64 a || return 1
	"$VCTX" create --net private --link "ipvlan-$mode@ipvp" --ip 203.0.113.20/24 \
		--ip 2001:db8:2::20/64 b || return 1
	expect_ipvlan_eth0 a "$mode" 203.0.113.10/24 || return 1
	expect_ipvlan_eth0 b "$mode" 203.0.113.20/24 || return 1
	# Their addresses are theirs, the host holds no link of theirs.
	ip -o addr show | grep -q 203.0.113.10 && { echo "203.0.113.10 on the host"; return 1; }
	[[ -z $(ip -o link show type ipvlan) ]] || { echo "an ipvlan link on the host"; return 1; }
	serve b :: 8080 B || return 1
	expect_probe B a fetch 203.0.113.20 8080 || return 1
	expect_probe B a fetch 2001:db8:2::20 8080 || return 1
	[[ $mode == l2 ]] && { ipvlan_guest_reaches_the_host || return 1; }
	# Nothing stays: destroyed, or its init gone.
	"$VCTX" destroy --force a || return 1
	"$VCTX" destroy --force b || return 1
	"$VCTX" create --net private --link "ipvlan-$mode@ipvp" --init "sleep 1" --ip 203.0.113.30/24 t ||
		return 1
	expect_no_ipvlan_left ipvp 203.0.113.10/24 203.0.113.20/24 2001:db8:2::10/64 203.0.113.30/24
}

# Guest a reaches the host's address beyond the parent. Only in L2 mode: in
# L3 mode nothing answers the host's ARP for a guest's address, so the
# host's replies never come back (Documentation/net.rst).
ipvlan_guest_reaches_the_host() {
	as host peer 203.0.113.1 9400 >"$TMP/ip" 2>"$TMP/ip.ready" &
	wait_until 10 grep -q ready "$TMP/ip.ready" || return 1
	expect_probe 203.0.113.10 a source 203.0.113.1 9400 || return 1
	wait_until 10 test -s "$TMP/ip" || return 1
	expect_eq "$(cat "$TMP/ip")" 203.0.113.10 "peer seen by the host" || return 1
	as host peer 2001:db8:2::1 9401 >"$TMP/ip6" 2>"$TMP/ip6.ready" &
	wait_until 10 grep -q ready "$TMP/ip6.ready" || return 1
	expect_probe 2001:db8:2::10 a source 2001:db8:2::1 9401 || return 1
	wait_until 10 test -s "$TMP/ip6" || return 1
	expect_eq "$(cat "$TMP/ip6")" 2001:db8:2::10 "IPv6 peer seen by the host" || return 1
}

# --link ipvlan: L3, on the default route's interface; what is refused.
ipvlan_defaults_and_refusals() {
	local vnet0
	ipvlan_parent || return
	vnet0=$(cat /sys/class/net/vnet0/ifindex)
	"$VCTX" create --net private --link ipvlan --ip 192.0.2.40/24 d || return 1
	expect_ipvlan_eth0 d l3 192.0.2.40/24 || return 1
	expect_status 0 "$VCTX" exec d -- cat /sys/class/net/eth0/iflink || return 1
	expect_eq "$OUT" "$vnet0" "the parent's ifindex (vnet0's)" || return 1
	"$VCTX" destroy --force d || return 1
	# An ipvlan is no parent; nor is a host without a default route.
	ip link add ipvt link ipvp type ipvlan mode l3 || return 1
	expect_status 125 "$VCTX" create --net private --link ipvlan@ipvt --ip 203.0.113.50/24 x || return 1
	expect_contains "$OUT" "ipvt is an ipvlan link itself; name its parent" || return 1
	ip route del default dev vnet0 || return 1
	expect_status 125 "$VCTX" create --net private --link ipvlan-l2 --ip 203.0.113.50/24 x || return 1
	expect_contains "$OUT" "the host has no default IPv4 route" || return 1
	expect_contains "$OUT" "like --link ipvlan-l2@eth0" || return 1
	ip link del ipvt
	expect_no_ipvlan_left vnet0 192.0.2.40/24
}

if ! reason=$(need_kmod dummy CONFIG_DUMMY); then
	skip_all "${reason#SKIP: }"
elif ! setup_host; then
	echo "not ok 1 cannot set up the dummy interface"
	echo "1..1"
	exit 1
fi
check "a wildcard server answers at its context's address only" a_wildcard_server_answers_at_its_own_address_only
check "two contexts listen on port 8080 at once" two_guests_share_a_port
check "binds outside the set are EADDRNOTAVAIL; listen gets the primary" foreign_binds_are_refused
check "outgoing TCP and UDP carry the context's source (IPv4, IPv6, IP_PKTINFO)" outgoing_traffic_carries_the_guests_source
check "raw and packet sockets are refused" raw_and_packet_sockets_are_refused
check "the host's loopback needs --host-loopback" the_hosts_loopback_needs_the_flag
check "a family without addresses is unreachable" a_missing_family_is_unreachable
check "vctx bind adds and removes addresses of a running context" bind_changes_a_running_context
check "addresses leave the interface with the context" addresses_leave_with_the_context
check "--net private reaches the host over its veth pair" private_mode_reaches_the_host_over_its_veth
check "--link ipvlan-l3: guests on one parent reach each other; nothing left after" \
	ipvlan_guests_reach_each_other_and_the_host l3
check "--link ipvlan-l2: guests reach each other and the host beyond the parent; nothing left after" \
	ipvlan_guests_reach_each_other_and_the_host l2
check "--link ipvlan: L3 on the default route's interface; ipvlan parents and no route refused" \
	ipvlan_defaults_and_refusals
check "bad input is refused with nothing left configured" bad_input_leaves_nothing
[[ -n $T_SKIP_ALL ]] || { ip link del vnet0; modprobe -r dummy; }
rm -rf "$TMP"
done_testing
