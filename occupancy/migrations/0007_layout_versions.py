import django.db.models.deletion
from django.db import migrations, models


def layouts_to_versions(apps, schema_editor):
    """The layout each campus had loaded becomes its version 1, in use."""
    CampusLayout = apps.get_model("occupancy", "CampusLayout")
    LayoutVersion = apps.get_model("occupancy", "LayoutVersion")
    for layout in CampusLayout.objects.all():
        document = layout.document
        for cluster in document.get("clusters", []):
            cluster.setdefault("seats", [])
            cluster.setdefault("shapes", [])
        LayoutVersion.objects.create(campus_id=layout.campus_id, number=1, document=document,
                                     source=layout.source, saved_at=layout.loaded_at, in_use=True)


def versions_to_layouts(apps, schema_editor):
    CampusLayout = apps.get_model("occupancy", "CampusLayout")
    LayoutVersion = apps.get_model("occupancy", "LayoutVersion")
    for version in LayoutVersion.objects.filter(in_use=True):
        CampusLayout.objects.create(campus_id=version.campus_id, document=version.document, source=version.source,
                                    loaded_at=version.saved_at)


class Migration(migrations.Migration):

    dependencies = [
        ("occupancy", "0006_feed_failures"),
    ]

    operations = [
        migrations.CreateModel(
            name="LayoutVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField(help_text="1, 2, 3... per campus.")),
                ("document", models.JSONField(
                    help_text="The parsed layout file: clusters, rows, seats, shapes, labels, order.")),
                ("source", models.CharField(
                    blank=True, help_text="Where it came from: a file, the editor, a revert.", max_length=200)),
                ("saved_by", models.CharField(blank=True, max_length=150)),
                ("saved_at", models.DateTimeField()),
                ("in_use", models.BooleanField(default=False)),
                ("campus", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                             related_name="layout_versions", to="occupancy.campus")),
            ],
            options={
                "ordering": ["campus", "-number"],
                "permissions": [("edit_layout", "Can edit campus layouts in the browser")],
                "constraints": [
                    models.UniqueConstraint(fields=("campus", "number"), name="layoutversion_unique_number"),
                    models.UniqueConstraint(condition=models.Q(("in_use", True)), fields=("campus",),
                                            name="layoutversion_one_in_use"),
                ],
            },
        ),
        migrations.RunPython(layouts_to_versions, versions_to_layouts),
        migrations.DeleteModel(name="CampusLayout"),
    ]
