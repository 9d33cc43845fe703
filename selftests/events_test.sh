#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Events and statistics: vctx monitor sees a context's lifecycle in order,
# denied operations with who, what and whom, CPU holds; two monitors see the
# same events; a flood of 10 000 events with a stopped reader loses events
# only with an exact, reported count; vctx stat agrees with /proc/vctx and
# the cgroup files.
#
#   vctx.ko --(genl "vctx", group "events")--> vctx monitor --json >out
#      ^                                      (SIGSTOPped during the flood)
#      |  create/destroy, kill(host, 0) x 10 000 from context "flood"
#
# Runs in the test VM as root with vctx.ko loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
HOG=$VCTX_BUILD/selftests/helpers/hog
XACT=$VCTX_BUILD/selftests/helpers/xact
: "${VCTX_MODULE:?}"
CG=/sys/fs/cgroup/vctx
TMP=$(mktemp -d)

# check runs each function in a subshell: monitors are remembered in a file.
after_each() {
	local pid
	for pid in $(cat "$TMP/monitors" 2>/dev/null); do
		kill -CONT "$pid"
		kill "$pid"
	done
	reset_contexts
	pkill -f '^sleep 79[0-9][0-9]$'
	rm -f "$TMP"/*
}

# monitor OUT [ARGS...]: a vctx monitor --json writing to OUT, listening
# when this returns; its pid is the last line of $TMP/monitors.
monitor() {
	local out=$1
	shift
	"$VCTX" monitor --json "$@" >"$out" 2>"$out.err" &
	echo $! >>"$TMP/monitors"
	wait_until 10 grep -q 'listening' "$out.err" || { cat "$out.err"; return 1; }
}

# events OUT [NAME]: the event names in OUT (of context NAME), one per line.
events_of() {
	python3 - "$1" "${2:-}" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if not sys.argv[2] or e.get("name") == sys.argv[2]:
        print(e["event"])
PY
}

has_event() { grep -q "\"event\":\"$2\",\"xid\":[0-9]*,\"name\":\"$3\"" "$1"; }

host_sleeper() {
	setsid sleep "$1" </dev/null >/dev/null 2>&1 &
	echo $!
}

lifecycle_events_arrive_in_order() {
	local got
	monitor "$TMP/m" ev1 || return 1
	"$VCTX" create ev1 || return 1
	"$VCTX" exec ev1 -- true || return 1
	"$VCTX" destroy --force ev1 || return 1
	wait_until 10 has_event "$TMP/m" destroyed ev1 || { cat "$TMP/m"; return 1; }
	got=$(events_of "$TMP/m" ev1 | tr '\n' ' ')
	expect_eq "$got" "created started stopped empty destroyed " || return 1
	python3 - "$TMP/m" <<'PY' || return 1
import json, sys
seqs = [json.loads(l)["seq"] for l in open(sys.argv[1])]
assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), seqs
for l in open(sys.argv[1]):
    e = json.loads(l)
    assert e["time"].endswith("Z") and e["xid"] >= 49152, e
    if e["event"] in ("started", "stopped"):
        assert e["pid"] > 1, e
PY
}

a_persistent_context_stops_and_empties() {
	local got
	monitor "$TMP/m" keep || return 1
	"$VCTX" create --persistent --init "sleep 7901" keep || return 1
	"$VCTX" kill keep || return 1
	wait_until 10 has_event "$TMP/m" empty keep || { cat "$TMP/m"; return 1; }
	got=$(events_of "$TMP/m" keep | tr '\n' ' ')
	expect_eq "$got" "created started stopped empty " || return 1
	"$VCTX" destroy keep || return 1
	wait_until 10 has_event "$TMP/m" destroyed keep || return 1
}

a_denied_kill_is_reported() {
	local th got
	monitor "$TMP/m" || return 1
	"$VCTX" create den || return 1
	th=$(host_sleeper 7902)
	got=$("$XACT" --cgroup "$CG/den" kill "$th" 2>&1)
	expect_eq "$got" EPERM || return 1
	wait_until 10 grep -q '"event":"denied"' "$TMP/m" || { cat "$TMP/m"; return 1; }
	python3 - "$TMP/m" "$th" <<'PY' || return 1
import json, sys
d = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "denied"]
assert len(d) == 1, d
d = d[0]
assert d["name"] == "den" and d["rule"] == "signal" and d["signal"] == 9, d
assert d["target_pid"] == int(sys.argv[2]) and d["target_xid"] == 0, d
assert d["target_name"] == "host" and d["pid"] > 1, d
PY
	kill -0 "$th" || { echo "the target died"; return 1; }
}

cpu_holds_are_reported() {
	monitor "$TMP/m" hold || return 1
	"$VCTX" create --cpu 1/4 --cpu-bucket 20 --cpu-min 5 hold || return 1
	"$VCTX" exec hold -- "$HOG" spin 1 0 </dev/null >/dev/null 2>&1 &
	disown
	wait_until 30 has_event "$TMP/m" unhold hold || { cat "$TMP/m"; return 1; }
	# Holds and releases alternate, starting with a hold.
	[[ $(events_of "$TMP/m" hold | grep -E '^(un)?hold$' | head -2 | tr '\n' ' ') == "hold unhold " ]] ||
		{ events_of "$TMP/m" hold; return 1; }
}

two_monitors_see_the_same_events() {
	monitor "$TMP/m1" || return 1
	monitor "$TMP/m2" || return 1
	"$VCTX" create both || return 1
	"$VCTX" destroy --force both || return 1
	wait_until 10 has_event "$TMP/m1" destroyed both || return 1
	wait_until 10 has_event "$TMP/m2" destroyed both || return 1
	cmp "$TMP/m1" "$TMP/m2" || { diff "$TMP/m1" "$TMP/m2"; return 1; }
	[[ $(wc -l <"$TMP/m1") -ge 5 ]] || return 1
}

# 10 000 denied probes while the monitor is stopped: its socket (and maybe
# the module's queue) overflow. Then marker contexts are made until one of
# their events arrives. Every sequence number from the first probe's to that
# event's must be received or counted in a "lost" record; the marker's own
# first events may be among the lost ones.
marker_seen() {
	"$VCTX" create marker >/dev/null 2>&1
	"$VCTX" destroy --force marker >/dev/null 2>&1
	grep -q '"name":"marker"' "$TMP/m"
}

a_flood_loses_events_only_with_a_count() {
	local th denied
	"$VCTX" create flood || return 1
	th=$(host_sleeper 7903)
	monitor "$TMP/m" || return 1
	kill -STOP "$(tail -n 1 "$TMP/monitors")"
	denied=$(bash -c "echo \$\$ >$CG/flood/cgroup.procs; exec $HOG killprobe $th 10000") || return 1
	expect_eq "$denied" 10000 "probes denied" || return 1
	kill -CONT "$(tail -n 1 "$TMP/monitors")"
	wait_until 60 marker_seen || { tail -3 "$TMP/m"; return 1; }
	python3 - "$TMP/m" <<'PY' || return 1
import json, sys
first = received = lost = denied = 0
for e in map(json.loads, open(sys.argv[1])):
    if e["event"] == "lost":
        lost += e["count"]
        continue
    if e.get("name") == "marker":
        end = e["seq"]
        break
    assert e["event"] == "denied" and e["name"] == "flood", e
    first = first or e["seq"]
    received += 1
span = end - first
print(f"probes from seq {first}, marker at {end}: received {received}, reported lost {lost}")
assert received + lost == span, (received, lost, span)
assert 10000 <= span <= 10000 + 5 * 50, span
assert 0 < received < 10000 and lost > 0, "the reader was not slow, or nothing arrived"
PY
	kill -0 "$th" || return 1
}

monitor_exits_cleanly_on_sigint() {
	"$VCTX" monitor >"$TMP/out" 2>"$TMP/err" &
	local pid=$!
	wait_until 10 grep -q listening "$TMP/err" || return 1
	kill -INT "$pid"
	wait "$pid"
	expect_eq "$?" 0 "monitor's exit status after SIGINT" || return 1
	expect_contains "$(cat "$TMP/err")" "event(s), 0 lost" || return 1
}

monitor_bad_input() {
	expect_status 125 "$VCTX" monitor --bogus || return 1
	expect_contains "$OUT" "see 'vctx monitor --help'" || return 1
	rmmod vctx || return 1
	expect_status 125 "$VCTX" monitor || return 1
	expect_contains "$OUT" "the vctx module is not loaded" || return 1
	insmod "$VCTX_MODULE" || return 1
	# A guest may not listen (no CAP_SYS_ADMIN), even on the host's network.
	"$VCTX" create --net shared gst || return 1
	expect_status 125 "$VCTX" exec gst -- "$VCTX" monitor || return 1
	expect_contains "$OUT" "cannot listen to vctx events" || return 1
}

stat_agrees_with_proc_and_cgroups() {
	"$VCTX" create --xid 7001 --memory 64M st1 || return 1
	"$VCTX" create --xid 7000 st0 || return 1
	"$VCTX" exec st1 -- sh -c 'sleep 7904 & sleep 7905 &' </dev/null >/dev/null 2>&1 || return 1
	expect_status 0 "$VCTX" stat || return 1
	expect_contains "$OUT" "XID    NAME" || return 1
	[[ $(awk 'NR > 1 { print $1 }' <<<"$OUT" | tr '\n' ' ') == "7000 7001 " ]] ||
		{ echo "not sorted by xid: $OUT"; return 1; }
	expect_status 0 "$VCTX" stat --json || return 1
	python3 - "$OUT" <<'PY' || return 1
import json, sys
def proc(xid, f):
    return dict(l.rstrip("\n").split(": ", 1) for l in open(f"/proc/vctx/{xid}/{f}"))
def cg(name, f):
    return open(f"/sys/fs/cgroup/vctx/{name}/{f}").read().strip()
stats = json.loads(sys.argv[1])
assert [s["xid"] for s in stats] == [7000, 7001], stats
for s in stats:
    status, sched = proc(s["xid"], "status"), proc(s["xid"], "sched")
    assert s["state"] == status["state"] == "running", (s, status)
    assert s["tasks"] == int(status["tasks"]) == int(cg(s["name"], "pids.current")), s
    assert abs(s["cpu_ms"] - int(sched["cpu_time_ms"])) <= 50, (s, sched)
    assert s["hold_ms"] == int(sched["hold_time_ms"]) == 0, s
    assert abs(s["memory"] - int(cg(s["name"], "memory.current"))) < (1 << 20), s
    assert s["uptime_s"] < 600 and s["addresses"] == [], s
# st0 sets none: the built-in default, half of MemTotal in whole pages.
kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal:"))
assert stats[0]["memory_max"] == kb * 1024 * 50 // 100 // 4096 * 4096, stats
assert stats[1]["memory_max"] == 64 << 20, stats
assert stats[1]["tasks"] == 3, stats[1]
PY
	expect_status 0 "$VCTX" stat st1 || return 1
	[[ $(wc -l <<<"$OUT") -eq 2 ]] || return 1
	expect_contains "$OUT" "/64M" || return 1
	expect_status 125 "$VCTX" stat nosuch || return 1
	expect_contains "$OUT" "no context named 'nosuch'" || return 1
	expect_status 125 "$VCTX" stat host || return 1
}

check "create, exec, destroy: events in order" lifecycle_events_arrive_in_order
check "a persistent context's init ends: stopped, then empty" a_persistent_context_stops_and_empties
check "a denied kill is reported: who, rule, signal, whom" a_denied_kill_is_reported
check "CPU holds are reported, alternating" cpu_holds_are_reported
check "two monitors see the same events" two_monitors_see_the_same_events
check "a flood of 10 000 events loses events only with an exact count" a_flood_loses_events_only_with_a_count
check "vctx monitor exits cleanly on SIGINT" monitor_exits_cleanly_on_sigint
check "vctx monitor: bad input, no module, a guest" monitor_bad_input
check "vctx stat agrees with /proc/vctx and the cgroup files" stat_agrees_with_proc_and_cgroups
rm -rf "$TMP"
done_testing
