#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install-deps.sh: installs (apt-get, as root) everything vctx needs to
# build, to boot its test VM on Debian's 6.1 LTS and 6.12 LTS kernels and on
# its cloud kernel, and to run its tests. Does nothing when all of it is already there.
# --debug adds what make check-debug needs to build a kernel from source,
# --deb what make deb and make check-deb need (the VM's root is this
# machine's, so dkms has to be installed here for the package to install).
set -euo pipefail

packages=(
	# build
	gcc g++ make libc6-dev pkg-config perl groff-base systemd sparse
	libnl-3-dev libnl-genl-3-dev libnl-route-3-dev
	# the kernels vctx supports, their headers, and the kselftest harness
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-image-cloud-amd64 linux-headers-cloud-amd64
	linux-source-6.12
	# the test VM and what runs inside it (the host root is its root);
	# qemu-system-common has virtiofsd, for the cloud kernel (no 9p)
	qemu-system-x86 qemu-system-common busybox-static cpio xz-utils kmod
	util-linux procps iproute2 python3
	# disk quota tests: ext4 and XFS images on loop devices
	e2fsprogs xfsprogs
	# bench-proc's baseline: LXCFS's view of /proc
	lxcfs
)
for arg; do
	case $arg in
	--debug) packages+=(bc bison flex libelf-dev libssl-dev) ;;
	--deb) packages+=(dpkg-dev debhelper dh-dkms lintian dkms) ;;
	*) echo "usage: install-deps.sh [--debug] [--deb]" >&2; exit 2 ;;
	esac
done

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $EUID -ne 0 ]]; then
	echo "install-deps.sh: missing packages: ${missing[*]}; run as root to install them" >&2
	exit 1
fi
echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
