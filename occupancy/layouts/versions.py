"""Layout versions: every save adds one, none is changed, one is in use; a save made on an old version is refused."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from occupancy.live import versions as live
from occupancy.models import Campus, LayoutVersion


class LayoutChanged(Exception):
    """The layout in use is no longer the one the editor started from."""

    def __init__(self, current):
        self.current = current
        super().__init__(f"the layout changed meanwhile: version {current.number} was saved by "
                         f"{current.saved_by or 'someone'} at {current.saved_at:%Y-%m-%d %H:%M} UTC")


def in_use(campus):
    return LayoutVersion.objects.filter(campus=campus, in_use=True).first()


def save_version(campus, document, *, source, saved_by="", base=None, now=None):
    """Add a version holding a parsed document and put it in use.

    base: the version number the editor started from (0: none); a save whose base is not the version
    in use raises LayoutChanged and writes nothing. None skips the check (a file loaded on purpose).
    """
    with transaction.atomic():
        Campus.objects.select_for_update().filter(pk=campus.pk).first()  # one save per campus at a time
        current = in_use(campus)
        if base is not None and base != (current.number if current else 0):
            raise LayoutChanged(current)
        last = LayoutVersion.objects.filter(campus=campus).aggregate(last=Max("number"))["last"] or 0
        LayoutVersion.objects.filter(campus=campus, in_use=True).update(in_use=False)
        live.campus_changed(campus.id)  # once committed, open maps redraw with the new plan
        return LayoutVersion.objects.create(campus=campus, number=last + 1, document=document, source=source[:200],
                                            saved_by=saved_by, saved_at=now or timezone.now(), in_use=True)


def revert(campus, number, *, saved_by="", base=None, now=None):
    """Go back to an earlier version: its document becomes a new version in use, so the history only grows."""
    old = LayoutVersion.objects.get(campus=campus, number=number)
    return save_version(campus, old.document, source=f"back to version {number}", saved_by=saved_by, base=base,
                        now=now)
