#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""pty_drive.py: the admin's interactive terminal, for the terminal tests.

Runs CMD as the session leader of a fresh pty (its controlling terminal, as
a login shell's would be), copies what it writes to stdout, and exits with
its status (128 + N when killed by signal N).

  --rows R --cols C   the pty's window size before CMD starts
  --resize-on TEXT R C  once CMD wrote TEXT: resize the pty to R rows, C
                      columns (the kernel sends SIGWINCH), then type "\n"
  --type TEXT         after CMD exited: type TEXT on the terminal, as the
                      admin would at the next prompt ("\\n" understood)
  --wait-file PATH    then wait (bounded by --timeout) until PATH exists:
                      what a leftover process read has been recorded
  --pending           at the end print "pending: <repr>", the input queued
                      on the terminal for the admin's shell to read next
                      (TIOCSTI lands there)
  --timeout S         bound on everything (default 60)
"""
import argparse
import fcntl
import os
import select
import struct
import sys
import termios
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=0)
    ap.add_argument("--cols", type=int, default=0)
    ap.add_argument("--resize-on", nargs=3)
    ap.add_argument("--type", dest="text")
    ap.add_argument("--wait-file")
    ap.add_argument("--pending", action="store_true")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()
    deadline = time.monotonic() + a.timeout

    master, slave = os.openpty()
    if a.rows or a.cols:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", a.rows, a.cols, 0, 0))
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        if slave > 2:
            os.close(slave)
        try:
            os.execvp(a.cmd[0], a.cmd)
        finally:
            os._exit(127)

    out = sys.stdout.buffer
    seen = b""
    status = None
    quiet_since = None
    while time.monotonic() < deadline:
        if status is None:
            r, st = os.waitpid(pid, os.WNOHANG)
            if r == pid:
                status = st
                quiet_since = time.monotonic()
        # The driver holds the slave itself: no EIO, stop after 200 ms of quiet.
        if status is not None and time.monotonic() - quiet_since > 0.2:
            break
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                data = os.read(master, 4096)
            except OSError:
                data = b""
            if data:
                out.write(data)
                out.flush()
                quiet_since = time.monotonic()
                seen += data
                if a.resize_on and a.resize_on[0].encode() in seen:
                    rows, cols = int(a.resize_on[1]), int(a.resize_on[2])
                    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                    os.write(master, b"\n")
                    a.resize_on = None
    if status is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        print("\npty_drive: timed out", file=sys.stderr)
        return 124

    if a.text is not None:
        os.write(master, a.text.encode().decode("unicode_escape").encode())
    if a.wait_file:
        while not os.path.exists(a.wait_file):
            if time.monotonic() > deadline:
                print("\npty_drive: timed out waiting for " + a.wait_file, file=sys.stderr)
                return 124
            time.sleep(0.02)
    if a.pending:
        fl = fcntl.fcntl(slave, fcntl.F_GETFL)
        fcntl.fcntl(slave, fcntl.F_SETFL, fl | os.O_NONBLOCK)
        pending = b""
        try:
            while True:
                chunk = os.read(slave, 4096)
                if not chunk:
                    break
                pending += chunk
        except BlockingIOError:
            pass
        print("\npending: %r" % pending)
    sys.stdout.flush()
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())
