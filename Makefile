# SPDX-License-Identifier: GPL-2.0
#
# vctx: the module, the userland, the tests.
#
#   make                  vctx.ko for KDIR (default: the running kernel's
#                         build tree if present, else the newest Debian
#                         headers installed), libvctx and the vctx tool
#   make KERNELS=all      vctx.ko for every installed Debian kernel
#   make KERNELS=lts      ... for the newest 6.1 and the newest 6.12
#   make check            every test: host, module builds, VM on both LTS kernels
#   make check-host       host tests only (no VM)
#   make check-cloud      the VM suite on Debian's cloud kernel (virtio-fs)
#   make check-systemd    systemd as pid 1 in the VM: units, udev, reboots
#   make check-debian     the slow Debian guest test (debootstrap, network)
#   make demo             the product in a VM
#   make bench            every benchmark (in a VM), as tables of ratios
#   make bench-cpu        the CPU limiter's accuracy beside the kernel's cpu.max
#   make bench-hooks      what the hooks cost the host and a context
#   make bench-proc       /proc and sysinfo reads: host, context, LXCFS; load upkeep
#   make install          tool, library, headers, pkg-config, module via DKMS,
#                         systemd units, man pages, bash completion
#   make uninstall        the reverse
#   make deb              Debian packages vctx, libvctx0, libvctx-dev and
#                         vctx-dkms in build/deb/, checked by lintian
#   make check-deb        make deb, then in a VM per LTS kernel: install,
#                         DKMS build, load, a context, purge, nothing left
#   make checkpatch       the kernel's checkpatch.pl over module/ and uapi/

TOP := $(CURDIR)
BUILD := $(TOP)/build

BASE_VERSION := 0.1.0
GIT_REV := $(shell git -C $(TOP) rev-parse --short=12 HEAD 2>/dev/null)
VERSION ?= $(BASE_VERSION)$(if $(GIT_REV),+git$(GIT_REV))

ifeq ($(KERNELS),all)
KDIRS := $(patsubst %,/lib/modules/%/build,$(shell $(TOP)/scripts/kernels.sh))
else ifeq ($(KERNELS),lts)
KDIRS := $(patsubst %,/lib/modules/%/build,$(shell $(TOP)/scripts/kernels.sh --lts))
else ifeq ($(KERNELS),cloud)
KDIRS := $(patsubst %,/lib/modules/%/build,$(shell $(TOP)/scripts/kernels.sh --cloud))
else ifneq ($(KERNELS),)
KDIRS := $(patsubst %,/lib/modules/%/build,$(KERNELS))
else
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(patsubst %,/lib/modules/%/build,$(shell $(TOP)/scripts/kernels.sh --newest)))
KDIRS := $(KDIR)
endif

PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
SYSCONFDIR ?= /etc
UDEVRULESDIR ?= /etc/udev/rules.d
LIBEXECDIR ?= $(PREFIX)/lib/vctx
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DKMS_SRC := /usr/src/vctx-$(VERSION)
DESTDIR ?=

all: module userland

module:
	@test -n "$(strip $(KDIRS))" || { echo "no kernel build tree found: install linux-headers-amd64 or set KDIR=" >&2; exit 1; }
	@set -e; for kdir in $(KDIRS); do $(TOP)/scripts/build-module.sh $(if $(STRICT),--strict) $$kdir $(VERSION); done

userland:
	@$(MAKE) -s -C userland O=$(BUILD)/userland VERSION=$(VERSION)

kselftest-headers: $(BUILD)/kselftest/kselftest_harness.h
$(BUILD)/kselftest/kselftest_harness.h:
	$(TOP)/scripts/kselftest-headers.sh $(BUILD)/kselftest

selftests: $(BUILD)/kselftest/kselftest_harness.h
	@$(MAKE) -s -C selftests O=$(BUILD)/selftests KSFT=$(BUILD)/kselftest

check:
	$(TOP)/scripts/check.sh

check-host:
	$(TOP)/scripts/check.sh --host-only

# The whole VM suite on Debian's cloud kernel: make check builds vctx.ko for
# it and boots it, but runs the suite only on 6.1 and 6.12 (CI's time).
check-cloud:
	$(TOP)/scripts/install-deps.sh
	$(TOP)/scripts/check.sh --cloud

# The VM suite on a debug kernel (KASAN, lockdep, kmemleak, UBSAN) built
# from linux-source-6.12, cached outside the tree (scripts/debug/).
check-debug:
	$(TOP)/scripts/install-deps.sh --debug
	$(TOP)/scripts/check.sh --debug

# systemd as the VM's pid 1: vctx@.service, udev, guests across a reboot.
check-systemd:
	$(TOP)/scripts/check-systemd.sh

# Slow and optional: a Debian guest built with debootstrap, booted in the VM.
check-debian:
	$(TOP)/scripts/check-debian.sh

DEMO_KERNEL = $(or $(KERNELS),$(shell $(TOP)/scripts/kernels.sh --newest))
demo: userland
	@$(MAKE) -s module KERNELS=$(DEMO_KERNEL)
	@$(TOP)/scripts/vm/vm-run.sh -k $(DEMO_KERNEL) -t 900 -- scripts/demo-scenario.sh

# Benchmarks run in the VM on the newest kernel (KERNELS=<version> picks
# another); their figures are ratios against a baseline of the same run.
BENCH_KERNEL = $(or $(KERNELS),$(shell $(TOP)/scripts/kernels.sh --newest))
bench: bench-cpu bench-hooks bench-proc

bench-cpu: userland selftests
	@$(MAKE) -s module KERNELS=$(BENCH_KERNEL)
	@$(TOP)/scripts/vm/vm-run.sh -k $(BENCH_KERNEL) -t 1200 -- scripts/bench-cpu.sh

bench-hooks: userland selftests
	@$(MAKE) -s module KERNELS=$(BENCH_KERNEL)
	@$(TOP)/scripts/vm/vm-run.sh -k $(BENCH_KERNEL) -t 1200 -- scripts/bench-hooks.sh

bench-proc: userland selftests
	@$(MAKE) -s module KERNELS=$(BENCH_KERNEL)
	@$(TOP)/scripts/vm/vm-run.sh -k $(BENCH_KERNEL) -t 1200 -- scripts/bench-proc.sh

# Ignored: LINUX_VERSION_CODE and CONSTANT_COMPARISON (the supported-range
# gate in compat.h is exactly such a comparison), MACRO_ARG_REUSE (the ioctl
# table macro reuses constant command numbers); in uapi/ also BIT_MACRO
# (BIT() does not exist for userland).
CHECKPATCH = perl $(BUILD)/kselftest/checkpatch.pl --no-tree --strict --terse --show-types
checkpatch: $(BUILD)/kselftest/kselftest_harness.h
	$(CHECKPATCH) --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,MACRO_ARG_REUSE \
		-f $(wildcard module/*.[ch] include/vctx/*.h)
	$(CHECKPATCH) --ignore BIT_MACRO -f uapi/linux/vctx.h

install: userland
	install -D -m 755 $(BUILD)/userland/vctx $(DESTDIR)$(SBINDIR)/vctx
	install -D -m 644 $(BUILD)/userland/libvctx.so.0 $(DESTDIR)$(LIBDIR)/libvctx.so.0
	ln -sf libvctx.so.0 $(DESTDIR)$(LIBDIR)/libvctx.so
	install -D -m 644 $(BUILD)/userland/libvctx.a $(DESTDIR)$(LIBDIR)/libvctx.a
	install -D -m 644 userland/lib/libvctx.h $(DESTDIR)$(INCLUDEDIR)/libvctx.h
	install -D -m 644 uapi/linux/vctx.h $(DESTDIR)$(INCLUDEDIR)/linux/vctx.h
	install -d $(DESTDIR)$(PKGCONFIGDIR)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		userland/lib/libvctx.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/libvctx.pc
	install -d $(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(SYSCONFDIR)/vctx
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		userland/60-vctx.rules.in >$(DESTDIR)$(UDEVRULESDIR)/60-vctx.rules
	install -d $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(LIBEXECDIR)
	for f in vctx@.service vctx-autostart.service vctx-autostart; do \
		sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
			-e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' userland/systemd/$$f.in \
			>$(DESTDIR)$(SYSTEMDUNITDIR)/$$f || exit 1; \
	done
	mv $(DESTDIR)$(SYSTEMDUNITDIR)/vctx-autostart $(DESTDIR)$(LIBEXECDIR)/vctx-autostart
	chmod 755 $(DESTDIR)$(LIBEXECDIR)/vctx-autostart
	install -D -m 644 Documentation/man/vctx.8 $(DESTDIR)$(MANDIR)/man8/vctx.8
	install -D -m 644 Documentation/man/vctx.conf.5 $(DESTDIR)$(MANDIR)/man5/vctx.conf.5
	install -D -m 644 userland/completion/vctx $(DESTDIR)$(BASHCOMPDIR)/vctx
	@# The administrator's policy and defaults are never overwritten.
	test -e $(DESTDIR)$(SYSCONFDIR)/vctx/procfs.rules || \
		install -m 644 userland/procfs.rules $(DESTDIR)$(SYSCONFDIR)/vctx/procfs.rules
	test -e $(DESTDIR)$(SYSCONFDIR)/vctx/vctx.conf || \
		install -m 644 userland/vctx.conf $(DESTDIR)$(SYSCONFDIR)/vctx/vctx.conf
	install -d $(DESTDIR)$(DKMS_SRC)/module $(DESTDIR)$(DKMS_SRC)/uapi/linux \
		$(DESTDIR)$(DKMS_SRC)/include/vctx
	install -m 644 Kbuild $(DESTDIR)$(DKMS_SRC)/Kbuild
	install -m 644 module/*.[ch] $(DESTDIR)$(DKMS_SRC)/module/
	install -m 644 include/vctx/*.h $(DESTDIR)$(DKMS_SRC)/include/vctx/
	install -m 644 uapi/linux/vctx.h $(DESTDIR)$(DKMS_SRC)/uapi/linux/vctx.h
	sed -e 's|@VERSION@|$(VERSION)|' scripts/dkms.conf.in >$(DESTDIR)$(DKMS_SRC)/dkms.conf
ifeq ($(DESTDIR),)
	ldconfig
	@if command -v dkms >/dev/null; then \
		dkms install vctx/$(VERSION); \
	else \
		echo "dkms not found: the module sources are in $(DKMS_SRC); install dkms and run 'dkms install vctx/$(VERSION)'"; \
	fi
endif

uninstall:
ifeq ($(DESTDIR),)
	@if command -v dkms >/dev/null && dkms status vctx/$(VERSION) 2>/dev/null | grep -q .; then \
		dkms remove vctx/$(VERSION) --all; \
	fi
endif
	rm -f $(DESTDIR)$(SBINDIR)/vctx $(DESTDIR)$(LIBDIR)/libvctx.so.0 \
		$(DESTDIR)$(LIBDIR)/libvctx.so $(DESTDIR)$(LIBDIR)/libvctx.a \
		$(DESTDIR)$(INCLUDEDIR)/libvctx.h $(DESTDIR)$(INCLUDEDIR)/linux/vctx.h \
		$(DESTDIR)$(PKGCONFIGDIR)/libvctx.pc $(DESTDIR)$(UDEVRULESDIR)/60-vctx.rules \
		$(DESTDIR)$(SYSTEMDUNITDIR)/vctx@.service \
		$(DESTDIR)$(SYSTEMDUNITDIR)/vctx-autostart.service \
		$(DESTDIR)$(LIBEXECDIR)/vctx-autostart $(DESTDIR)$(MANDIR)/man8/vctx.8 \
		$(DESTDIR)$(MANDIR)/man5/vctx.conf.5 $(DESTDIR)$(BASHCOMPDIR)/vctx
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null
	rm -rf $(DESTDIR)$(DKMS_SRC)
ifeq ($(DESTDIR),)
	ldconfig
endif

# The packages are built by debian/rules through 'make install DESTDIR=';
# the script runs dpkg-buildpackage in a copy of the tree under build/.
deb:
	$(TOP)/scripts/install-deps.sh --deb
	$(TOP)/scripts/build-deb.sh

# KERNELS= as for make module (default: lts); the debs are built first.
check-deb:
	$(TOP)/scripts/install-deps.sh --deb
	$(TOP)/scripts/check-deb.sh $(KERNELS)

clean:
	rm -rf $(BUILD)

version:
	@echo $(VERSION)

.PHONY: all module userland kselftest-headers selftests check check-host check-cloud check-debug check-systemd check-debian demo bench bench-cpu bench-hooks bench-proc \
	checkpatch install uninstall deb check-deb clean version
