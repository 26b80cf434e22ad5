"""`make bench`: run every bench/bench_*.py module's run() against a benchmark database, write docs/benchmarks.md.

Each run(context) returns rows (what, value, unit, target). Benchmarks use their own database
(occupancy_bench, created and dropped here), never the demo's or the tests'.
"""

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path

from bench.report import write_report


def main(selected):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "occupancy.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    connection.settings_dict.setdefault("TEST", {})["NAME"] = "occupancy_bench"
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    names = [n for n in names if not selected or any(s in n for s in selected)]
    databases = setup_databases(verbosity=0, interactive=False, keepdb=False)
    sections = []
    try:
        for name in names:
            call_command("flush", interactive=False, verbosity=0)  # each benchmark starts from an empty database
            module = importlib.import_module(f"bench.{name}")
            started = time.monotonic()
            print(f"{name}: running", file=sys.stderr, flush=True)
            rows = module.run()
            print(f"{name}: done in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
            sections.append((name, (module.__doc__ or name).strip().splitlines()[0], rows))
    finally:
        teardown_databases(databases, verbosity=0)
    write_report(sections)


if __name__ == "__main__":
    main(sys.argv[1:])
