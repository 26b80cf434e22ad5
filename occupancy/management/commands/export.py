import os
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from occupancy.export_forms import FORMS, BadExport, build_export
from occupancy.management.commands.backfill_locations import progress_bar
from occupancy.read.exports import csv_chunks

PROGRESS_EVERY = 10_000


class Command(BaseCommand):
    help = (f"Write a CSV export ({', '.join(FORMS)}) to a file, as /exports/<name>.csv does, with a progress bar "
            "on stderr. The file appears whole or not at all.")

    def add_arguments(self, parser):
        parser.add_argument("name", help=", ".join(FORMS))
        parser.add_argument("-o", "--output", help="The file to write.")
        parser.add_argument("--campus", help="The intra campus id.")
        parser.add_argument("--since", help="First local day, YYYY-MM-DD (default: four weeks before --until).")
        parser.add_argument("--until", help="Last local day, YYYY-MM-DD, included (default: today).")
        parser.add_argument("--cluster", help="locations, occupancy, utilisation: one cluster.")
        parser.add_argument("--host", help="locations: one seat's host.")
        parser.add_argument("--login", help="locations: one user's login.")
        parser.add_argument("--active", action="store_true", help="locations: only sessions still open.")
        parser.add_argument("--by", help="occupancy: hour (default) or day.")
        parser.add_argument("--excel", action="store_true", help="A byte-order mark and ; between cells.")

    def handle(self, name, output=None, **options):
        # Checked here rather than by argparse, so that every mistake is one line.
        if not output:
            raise CommandError("-o FILE is required")
        data = {key: value for key in ("campus", "since", "until", "cluster", "host", "login", "by")
                if (value := options.get(key)) is not None}
        data.update({flag: "1" for flag in ("active", "excel") if options.get(flag)})
        try:
            export, excel = build_export(name, data, now=timezone.now())
        except BadExport as error:
            raise CommandError(str(error)) from None
        target = Path(output)
        rows = CountedRows(export.rows, export.count(), progress_bar(f"{name} to {target}", sys.stderr))
        write_atomically(target, csv_chunks(rows, export.columns, excel=excel))
        sys.stderr.write("\n")
        self.stdout.write(f"{target}: {rows.done} rows")


class CountedRows:
    """rows, unchanged, drawing the progress bar every PROGRESS_EVERY rows and at the end."""

    def __init__(self, rows, total, progress, *, clock=time.monotonic):
        self.rows, self.total, self.progress, self.clock = rows, total, progress, clock
        self.done = 0

    def __iter__(self):
        started = self.clock()
        for row in self.rows:
            yield row
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                self.progress(self.done, self.total, self.done / max(self.clock() - started, 1e-6))
        self.progress(self.done, self.total, self.done / max(self.clock() - started, 1e-6))


def write_atomically(target, chunks):
    """Write the chunks to a temporary file beside target, then rename it: target is whole or untouched."""
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as error:
        raise CommandError(f"cannot write {target}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            for chunk in chunks:
                file.write(chunk)
        os.replace(temporary, target)
    except BaseException as error:
        os.unlink(temporary)
        if isinstance(error, OSError):
            raise CommandError(f"cannot write {target}: {error.strerror}") from None
        raise
