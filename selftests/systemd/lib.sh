# SPDX-License-Identifier: GPL-2.0
#
# What the systemd lane's tests share (scripts/check-systemd.sh runs them in
# the VM with systemd as pid 1, vm-run.sh -S): vctx installed the way a host
# installs it, guests built with 'vctx build --skeleton', the systemd view
# of a unit. Sourced after ../lib.sh.

VCTX=/usr/local/sbin/vctx
CONF=/etc/vctx
tree=${VCTX_TREE:?run me through scripts/vm/vm-run.sh -S}

# install_vctx: make install into the VM's root (its overlay), as an
# administrator does, without DKMS: the harness installed the freshly
# built vctx.ko for modprobe already (vm-systemd-job.sh). At the version
# the tool was built with: the staged tree has no .git, and another
# version would rebuild the userland, minutes under emulation.
install_vctx() {
	local version
	version=$("${VCTX_BUILD:?}/userland/vctx" --version | cut -d' ' -f2) || return 1
	make -s -C "$tree" install DESTDIR=/ PREFIX=/usr/local VERSION="$version" >/dev/null &&
		ldconfig && systemctl daemon-reload && udevadm control --reload
}

# prop UNIT PROPERTY: one property of a unit, as systemctl show has it.
prop() { systemctl show -P "$2" "$1"; }
active_is() { [[ $(prop "$1" ActiveState) == "$2" ]]; }

# Guest NAME's state as vctx sees it: "state xid init_pid".
status_of() {
	"$VCTX" status --json "$1" | python3 -c '
import json, sys
s = json.load(sys.stdin)[0]
print(s["state"], s["xid"], s["init_pid"])'
}
running() { [[ $(status_of "$1" | cut -d' ' -f1) == running ]]; }

# build_guest NAME: a busybox guest that logs each boot and shutdown to
# /var/log/boot.log (vctx build --skeleton).
build_guest() {
	rm -rf "/var/lib/vctx/$1" "$CONF/$1.conf"
	"$VCTX" build "$1" --skeleton >/dev/null || return 1
	: >"/var/lib/vctx/$1/rootfs/var/log/boot.log"
}
boots_of() { grep -c ' boot ' "/var/lib/vctx/$1/rootfs/var/log/boot.log" 2>/dev/null; }
booted() { [[ $(boots_of "$1") -ge $2 ]]; }
shutdowns_of() { grep -c 'shutdown' "/var/lib/vctx/$1/rootfs/var/log/boot.log" 2>/dev/null; }
