"""The intra's drawn plans on the status page and on a cluster's page: imported, waiting for staff, refused."""

from django import template

from occupancy.layouts.intra_plan import drawing_states

register = template.Library()


@register.inclusion_tag("occupancy/_cluster_plans.html", takes_context=True)
def cluster_plans(context, campus=None, cluster=None):
    """Every drawing (status page), or only one cluster's when it needs staff (cluster page)."""
    states = drawing_states(campus, cluster)
    if cluster is not None:
        states = [(record, found) for record, found in states if found is not None or record.refused]
    return {"states": states, "perms": context.get("perms"), "csrf_token": context.get("csrf_token"),
            "back": "cluster" if cluster is not None else "status", "on_cluster_page": cluster is not None}
