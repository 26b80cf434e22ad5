from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from occupancy.input_limits import MAX_ID
from occupancy.layouts.format import LayoutError, parse_layout
from occupancy.layouts.versions import save_version
from occupancy.models import Campus


class Command(BaseCommand):
    help = ("Load a campus layout file (JSON or YAML) as a new version in use; a malformed file is refused and "
            "the layout in use stays.")

    def add_arguments(self, parser):
        parser.add_argument("campus", help="The campus id or name.")
        parser.add_argument("file", type=Path)

    def handle(self, campus, file, **options):
        # An id has at most 10 digits (PostgreSQL's integer); past 4,300 Python will not even convert them.
        is_id = campus.isdecimal() and len(campus) <= len(str(MAX_ID))
        found = Campus.objects.filter(id=int(campus)) if is_id else Campus.objects.filter(name__iexact=campus)
        campus_obj = found.first()
        if campus_obj is None:
            raise CommandError(f"no campus {campus!r}")
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: cannot read: {error}") from None
        try:
            document = parse_layout(text)
        except LayoutError as error:
            raise CommandError(f"{file}: {error}") from None
        version = save_version(campus_obj, document, source=f"file {file.name}", saved_by="load_layout")
        clusters = len(document["clusters"])
        self.stdout.write(f"{campus_obj.name}: layout of {clusters} clusters loaded from {file.name} "
                          f"as version {version.number}")
