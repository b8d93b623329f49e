"""CLI: ``python -m tools.emulator --port 0 --port-file /tmp/port``."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

from .plans import DEFAULT_PLAN, PLANS
from .readback import READ_BACKS
from .server import Emulator


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tools.emulator",
                                description="Local Cloudflare API v4 emulator (load balancing, Spectrum, zones).")
    p.add_argument("--port", type=int, default=8787, help="TCP port on 127.0.0.1 (0 = pick a free one)")
    p.add_argument("--port-file", help="write the bound port number to this file once listening")
    p.add_argument("--zones", default="example.com", help="comma-separated zone names (default example.com)")
    p.add_argument("--zone-count", type=int, default=0,
                   help="also create N zones named zone-0001.example.net, zone-0002.example.net, ...")
    p.add_argument("--rate-limit", help="X/Y: allow X requests per Y seconds per credential")
    p.add_argument("--token", action="append", help="accepted API token (repeatable; default test-token)")
    p.add_argument("--email-key", action="append",
                   help="accepted EMAIL:KEY pair (repeatable; default user@example.com:test-key)")
    p.add_argument("--read-back", choices=READ_BACKS, default="default",
                   help="shapes of the objects in responses: default (the emulator's own) or variant (another "
                        "read-back the contract allows: empty maps left out, unset keys as null, ...; see README)")
    p.add_argument("--unique-app-hostnames", action="store_true",
                   help="refuse a Spectrum app whose dns.name another app of the zone has (400 11000)")
    p.add_argument("--plan", choices=PLANS, default=DEFAULT_PLAN,
                   help="the account plan to play (default enterprise): business and pro refuse monitor intervals "
                        "below 15 / 60 s and Enterprise-only features (monitor groups, pool sets, PoP pools, "
                        "monitor types other than http/https/tcp); a reset returns to it")
    p.add_argument("--spec", help="path to openapi-subset.json (default: auto-detected)")
    p.add_argument("--quiet", action="store_true",
                   help="nothing on stderr (the start-up line on stdout is always printed)")
    p.add_argument("--verbose", action="store_true", help="log one line per request to stderr")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.spec:
        os.environ["CF_EMULATOR_SPEC"] = args.spec
    zones = [z.strip() for z in args.zones.split(",") if z.strip()]  # --zones "" = only generated zones
    email_keys = None
    if args.email_key:
        email_keys = []
        for item in args.email_key:
            email, sep, key = item.partition(":")
            if not sep or not email or not key:
                print(f"--email-key must be EMAIL:KEY, got {item!r}", file=sys.stderr)
                return 2
            email_keys.append((email, key))
    emu = Emulator(port=args.port, zones=zones, zone_count=args.zone_count, rate_limit=args.rate_limit,
                   tokens=args.token, email_keys=email_keys, verbose=args.verbose and not args.quiet,
                   read_back=args.read_back, unique_app_hostnames=args.unique_app_hostnames, plan=args.plan)
    emu.bind()
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(f"{emu.port}\n")
        os.replace(tmp, args.port_file)
    print(f"emulator listening on {emu.base_url}", flush=True)
    if args.quiet:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")

    stopping = threading.Event()

    def _stop(signum, frame):
        if not stopping.is_set():
            stopping.set()
            # shutdown() blocks until serve_forever returns, so call it from another thread.
            threading.Thread(target=emu.server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        emu.server.serve_forever(poll_interval=0.2)
    finally:
        emu.server.server_close()
        emu.server.close_open_connections()
    return 0


if __name__ == "__main__":
    sys.exit(main())
