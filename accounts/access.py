"""Who may enter: 42 staff (or an allowlisted login), optionally only of some campuses."""

from django.utils.translation import gettext as _


def campus_ids_of(profile):
    """The campuses a /v2/me profile belongs to."""
    ids = {campus.get("id") for campus in profile.get("campus") or [] if isinstance(campus, dict)}
    ids |= {link.get("campus_id") for link in profile.get("campus_users") or [] if isinstance(link, dict)}
    return {campus_id for campus_id in ids if isinstance(campus_id, int)}


def refusal(profile, *, staff_logins, staff_campus_ids):
    """None when the profile may enter, else one sentence saying why not."""
    login = profile.get("login", "")
    if profile.get("staff?") is not True and login not in staff_logins:
        kind = profile.get("kind") or "non-staff"
        return _("Occupancy is for 42 staff; %(login)s is a %(kind)s account.") % {"login": login, "kind": kind}
    if staff_campus_ids and not campus_ids_of(profile) & set(staff_campus_ids):
        campuses = ", ".join(str(campus_id) for campus_id in sorted(staff_campus_ids))
        return _("This Occupancy is for the staff of campus %(campuses)s; %(login)s belongs to none of them.") % {
            "campuses": campuses, "login": login}
    return None
