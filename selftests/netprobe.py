#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Socket probes for net_test.sh, run on the host or inside a context.

Each prints one line: what the kernel answered (an address, a reply) or the
errno name of the failure, so the shell test compares plain words.

  serve ADDR PORT REPLY       TCP: bind, listen, print the bound address,
                              answer REPLY to every connection
  serve-unbound FAMILY PORT   TCP: listen without bind(); print the address
  fetch ADDR PORT             TCP: connect, print the reply
  source ADDR PORT            TCP: connect (unbound), print the source address
  peer ADDR PORT              TCP: accept one connection, print its source
  udp-peer ADDR PORT          UDP: bind, print the source of one datagram
  udp-send ADDR PORT          UDP: sendto() from an unbound socket
  udp-connect ADDR PORT       UDP: connect() an unbound socket, print its source
  udp-pktinfo SRC DST PORT    UDP: sendmsg() with IP_PKTINFO (IPV6_PKTINFO)
                              source SRC
  bind ADDR                   bind(ADDR, port 0): print the bound address
  raw | packet                create such a socket
"""
import errno
import socket
import struct
import sys


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def fail(e):
    print(errno.errorcode.get(e.errno, str(e.errno)), flush=True)
    sys.exit(0)


def main(argv):
    cmd, args = argv[1], argv[2:]
    try:
        if cmd == "serve":
            addr, port, reply = args
            s = socket.socket(family(addr), socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((addr, int(port)))
            s.listen(8)
            print(s.getsockname()[0], flush=True)
            while True:
                c, _ = s.accept()
                c.sendall(reply.encode())
                c.close()
        elif cmd == "serve-unbound":
            fam = socket.AF_INET6 if args[0] == "6" else socket.AF_INET
            s = socket.socket(fam, socket.SOCK_STREAM)
            s.listen(1)
            print(s.getsockname()[0], flush=True)
        elif cmd == "fetch":
            s = socket.create_connection((args[0], int(args[1])), timeout=10)
            print(s.recv(100).decode(), flush=True)
        elif cmd == "source":
            s = socket.socket(family(args[0]), socket.SOCK_STREAM)
            s.settimeout(10)
            s.connect((args[0], int(args[1])))
            print(s.getsockname()[0], flush=True)
        elif cmd == "peer":
            s = socket.socket(family(args[0]), socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((args[0], int(args[1])))
            s.listen(1)
            print("ready", file=sys.stderr, flush=True)
            c, peer = s.accept()
            print(peer[0], flush=True)
        elif cmd == "udp-peer":
            s = socket.socket(family(args[0]), socket.SOCK_DGRAM)
            s.bind((args[0], int(args[1])))
            print("ready", file=sys.stderr, flush=True)
            _, peer = s.recvfrom(100)
            print(peer[0], flush=True)
        elif cmd == "udp-send":
            s = socket.socket(family(args[0]), socket.SOCK_DGRAM)
            s.sendto(b"x", (args[0], int(args[1])))
            print("sent", s.getsockname()[0], flush=True)
        elif cmd == "udp-connect":
            s = socket.socket(family(args[0]), socket.SOCK_DGRAM)
            s.connect((args[0], int(args[1])))
            print(s.getsockname()[0], flush=True)
        elif cmd == "udp-pktinfo":
            src, dst, port = args
            s = socket.socket(family(dst), socket.SOCK_DGRAM)
            if family(dst) == socket.AF_INET6:
                # struct in6_pktinfo: the address, then the interface (any)
                info = struct.pack("16sI", socket.inet_pton(socket.AF_INET6, src), 0)
                cmsg = (socket.IPPROTO_IPV6, socket.IPV6_PKTINFO, info)
            else:
                info = struct.pack("I4s4s", 0, socket.inet_aton(src), bytes(4))
                ip_pktinfo = 8  # <linux/in.h>; Python's socket module lacks it
                cmsg = (socket.IPPROTO_IP, ip_pktinfo, info)
            s.sendmsg([b"x"], [cmsg], 0, (dst, int(port)))
            print("sent", flush=True)
        elif cmd == "bind":
            s = socket.socket(family(args[0]), socket.SOCK_STREAM)
            s.bind((args[0], 0))
            print(s.getsockname()[0], flush=True)
        elif cmd == "raw":
            socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
            print("created", flush=True)
        elif cmd == "packet":
            socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
            print("created", flush=True)
        else:
            sys.exit("unknown probe " + cmd)
    except OSError as e:
        fail(e)


if __name__ == "__main__":
    main(sys.argv)
