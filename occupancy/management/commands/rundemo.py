"""`make demo`: the simulator, a Celery worker with its schedule, and the web server, stopped together by Ctrl-C."""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEMO_CLIENT_ID = "occupancy-demo"
DEMO_CLIENT_SECRET = "occupancy-demo-secret"
# The simulated application is granted more than the real default (2/s, 1,200/h), so the first
# load of history takes seconds; the client obeys whatever limits it is given.
DEMO_RATE = ("10", "36000")
# The simulator posts its location webhooks to the web server with this secret, as 42 staff would set up.
DEMO_WEBHOOK_SECRET = "occupancy-demo-webhook-secret"


class Command(BaseCommand):
    help = "Run the whole demo: intra simulator, worker with beat, web server on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--simulator-port", type=int, default=8042)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--days", type=int, default=7, help="Days of simulated history to load once.")

    def handle(self, port, simulator_port, seed, days, **options):
        simulator_url = f"http://127.0.0.1:{simulator_port}"
        # The children use the servers this process resolved (the embedded ones when no URL was given):
        # they run as production does, and the embedded servers stop when this process ends.
        env = dict(
            os.environ,
            DATABASE_URL=settings.DATABASE_URL,
            REDIS_URL=settings.REDIS_URL,
            INTRA_API_URL=simulator_url,
            INTRA_CDN_URL=simulator_url,  # the simulator serves the cluster drawings too
            INTRA_CLIENT_ID=DEMO_CLIENT_ID,
            INTRA_CLIENT_SECRET=DEMO_CLIENT_SECRET,
            INTRA_RATE_PER_SECOND=DEMO_RATE[0],
            INTRA_RATE_PER_HOUR=DEMO_RATE[1],
            INTRA_WEBHOOK_SECRET=DEMO_WEBHOOK_SECRET,
            PYTHONUNBUFFERED="1",
        )
        # The console keeps to warnings and the lines a user needs, unless LOG_LEVEL asks for more.
        env.setdefault("LOG_LEVEL", "WARNING")
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        processes = []
        # Ctrl-C, or a TERM from a service manager, stops the children and then the demo. SIGINT is set
        # again in case it was inherited as ignored (a demo started in the background of a script).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)

        def start(name, args, **popen):
            processes.append((name, subprocess.Popen(args, env=env, cwd=settings.BASE_DIR, **popen)))
            return processes[-1][1]

        try:
            simulator = start("simulator", [
                python, "-m", "intrasim", "--port", str(simulator_port), "--seed", str(seed), "--days", str(days),
                "--rate-second", DEMO_RATE[0], "--rate-hour", DEMO_RATE[1], "--roles", "Advanced tutor",
                "--webhook-url", f"http://127.0.0.1:{port}/webhooks/intra/", "--webhook-secret", DEMO_WEBHOOK_SECRET],
                stdout=subprocess.PIPE, text=True)
            staff = SimulatorOutput(simulator.stdout)
            wait_until_up(simulator_url + "/v2/campus", processes)
            subprocess.run([python, manage, "demo_history", "--days", str(days)], env=env, check=True)
            # Quiet: no banner, and no warning that a demo run as root runs the worker as root.
            start("worker", [python, "-W", "ignore:You're running the worker with superuser privileges", "-m",
                             "celery", "-A", "occupancy", "--quiet", "worker", "--beat", "--pool", "threads",
                             "--concurrency", "4", "--loglevel", "WARNING",
                             "--schedule", str(settings.VAR_DIR / "celerybeat-schedule")])
            # As production: gunicorn with uvicorn's ASGI workers, two of them, so the push streams fan out
            # across processes through Redis exactly as they do there.
            start("web", [python, "-m", "gunicorn", "occupancy.asgi:application", "--bind", f"127.0.0.1:{port}",
                          "--workers", "2", "--worker-class", "uvicorn_worker.UvicornWorker", "--graceful-timeout", "2",
                          "--log-level", "warning"])
            wait_until_up(f"http://127.0.0.1:{port}/healthz", processes)
            # Last, so that it is not buried under the servers' banners.
            self.stdout.write(self.style.SUCCESS(
                f"Occupancy demo on http://127.0.0.1:{port}/ - sign in with 42 as a staff member:"
                f" {staff.logins()} (a student is refused). Ctrl-C stops it all."))
            while all(process.poll() is None for _, process in processes):
                time.sleep(0.5)
            stopped = next(name for name, process in processes if process.poll() is not None)
            raise CommandError(f"the {stopped} stopped; stopping the demo")
        except KeyboardInterrupt:
            self.stdout.write("stopping the demo")
        except subprocess.CalledProcessError as error:
            raise CommandError(f"loading the demo history failed (exit {error.returncode})") from None
        finally:
            # Last started, first stopped, each before the next: the web server and the worker end
            # while the simulator and the database still answer them.
            for _, process in reversed(processes):
                if process.poll() is None:
                    process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


class SimulatorOutput:
    """Reads the simulator's output in the background: keeps its staff-login line, passes the rest on."""

    PREFIX = "intrasim: sign in as a staff member: "

    def __init__(self, stream):
        self._staff = ""
        self._read = threading.Event()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream):
        for line in stream:
            if line.startswith(self.PREFIX):
                self._staff = line[len(self.PREFIX):].strip()
                self._read.set()
            else:
                sys.stdout.write(line)
        self._read.set()

    def logins(self):
        self._read.wait(timeout=10)
        return self._staff or "one of the simulator's staff"


def wait_until_up(url, processes, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stopped = [name for name, process in processes if process.poll() is not None]
        if stopped:
            raise CommandError(f"the {stopped[0]} stopped while starting")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers (401 without a token, 503 while the first sync runs): it is up
        except OSError:
            time.sleep(0.2)
    raise CommandError(f"{url} did not answer within {timeout} s")
