"""python -m intrasim --port 8042 --seed 7 [--days 60] [--faults SPEC] [--admin] ..."""

import argparse
import signal
import sys
import threading

from intrasim.server import SimServer, parse_faults


def main(argv=None):
    parser = argparse.ArgumentParser(prog="intrasim", description="A simulator of the 42 intra API v2.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8042)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--days", type=int, default=60, help="days of history behind now")
    parser.add_argument("--faults", default="", help="e.g. error=0.1,reset=0.05,latency=0.2 (see README)")
    parser.add_argument("--admin", action="store_true", help="serve the /_sim/ admin paths")
    parser.add_argument("--token-ttl", type=int, default=7200)
    parser.add_argument("--rate-second", type=int, default=2)
    parser.add_argument("--rate-hour", type=int, default=1200)
    parser.add_argument("--roles", default="", help='comma list of application roles, e.g. "Advanced tutor"')
    parser.add_argument("--client-id", default="occupancy-demo")
    parser.add_argument("--client-secret", default="occupancy-demo-secret")
    parser.add_argument("--webhook-url", help="POST location webhook deliveries here, as the intra does")
    parser.add_argument("--webhook-secret", default="", help="the X-Secret of those deliveries")
    args = parser.parse_args(argv)
    if args.days < 0 or args.rate_second < 1 or args.rate_hour < 1 or args.token_ttl < 1:
        parser.error("--days must be >= 0; --rate-second, --rate-hour and --token-ttl must be >= 1")
    if args.webhook_url and not args.webhook_secret:
        parser.error("--webhook-url needs --webhook-secret (the intra always sends one)")
    try:
        faults = parse_faults(args.faults)
    except ValueError as error:
        parser.error(str(error))
    try:
        sim = SimServer(seed=args.seed, days=args.days, host=args.host, port=args.port, admin=args.admin,
                        rate_second=args.rate_second, rate_hour=args.rate_hour, token_ttl=args.token_ttl,
                        roles=[r.strip() for r in args.roles.split(",") if r.strip()], faults=faults,
                        clients={args.client_id: args.client_secret}, webhook_url=args.webhook_url,
                        webhook_secret=args.webhook_secret)
    except OSError as error:
        sys.exit(f"intrasim: cannot listen on {args.host}:{args.port}: {error.strerror}")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    sim.start()
    print(f"intrasim serving {sim.url} (seed {args.seed}, {args.days} days)", flush=True)
    staff = ", ".join(f"{sim.world.staff_logins(c['id'])[0]} ({c['name']})" for c in sim.world.campuses())
    print(f"intrasim: sign in as a staff member: {staff}", flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    sim.stop()


if __name__ == "__main__":
    main()
