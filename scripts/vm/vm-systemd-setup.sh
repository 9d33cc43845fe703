#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vm-systemd-setup.sh ROOT TREE: prepares the test VM's overlay root ROOT to
# boot the host's own systemd as pid 1 (vm-run.sh -S). Run by vm-init, under
# busybox, before switch_root; everything is written into the overlay's
# upper layer, never into the host's /etc. Safe to run at every boot of a
# persistent overlay (vm-run.sh -d): it only overwrites its own files.
#
# - vctx-vm-job.service runs scripts/vm/vm-systemd-job.sh once
#   multi-user.target is reached: the job, its verdict, then a clean
#   poweroff through systemd (which stops the vctx@ units as a host's
#   shutdown does).
# - Units that cannot work in the VM, or would compete for its one emulated
#   CPU thread, are masked: terminals on the console (it carries the
#   kernel's log), waits for a network it does not have, daily timers, and
#   the services this host happens to run (databases, lxcfs). A unit not
#   listed here that fails only makes the system "degraded", which the job
#   accepts and logs.
set -eu

root=${1:?usage: vm-systemd-setup.sh ROOT TREE}
tree=${2:?usage: vm-systemd-setup.sh ROOT TREE}
etc=$root/etc/systemd/system

mkdir -p "$etc/multi-user.target.wants"
for unit in getty@tty1.service serial-getty@ttyS0.service console-getty.service \
	systemd-networkd-wait-online.service NetworkManager-wait-online.service \
	networking.service ssh.service cron.service \
	systemd-timesyncd.service postgresql.service lxcfs.service \
	apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer man-db.timer \
	e2scrub_all.timer e2scrub_reap.service fstrim.timer logrotate.timer \
	systemd-tmpfiles-clean.timer; do
	ln -sfn /dev/null "$etc/$unit"
done

# Debian's tmpfiles.d/tmp.conf empties /tmp at boot ("D /tmp"): the tree
# being tested may be checked out there, and the job runs from it. A file
# of the same name in /etc replaces it.
mkdir -p "$root/etc/tmpfiles.d"
echo 'd /tmp 1777 root root -' >"$root/etc/tmpfiles.d/tmp.conf"

cat >"$etc/vctx-vm-job.service" <<UNIT
# Written by $tree/scripts/vm/vm-systemd-setup.sh: the test VM's job.
[Unit]
Description=vctx test VM job
After=multi-user.target

[Service]
# simple, not oneshot: the job waits for the boot to finish, and a oneshot
# still starting would keep the boot from finishing.
Type=simple
ExecStart=/bin/bash $tree/scripts/vm/vm-systemd-job.sh
StandardOutput=journal+console
StandardError=journal+console
UNIT
ln -sfn ../vctx-vm-job.service "$etc/multi-user.target.wants/vctx-vm-job.service"
