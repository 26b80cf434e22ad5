import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("occupancy", "0009_api_surprises"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClusterDrawing",
            fields=[
                ("id", models.PositiveIntegerField(help_text="The intra cluster id.", primary_key=True,
                                                   serialize=False)),
                ("name", models.CharField(help_text="As the intra names it.", max_length=100)),
                ("cdn_link", models.CharField(max_length=500)),
                ("etag", models.CharField(blank=True, max_length=200)),
                ("last_modified", models.CharField(blank=True, max_length=100)),
                ("digest", models.CharField(blank=True, help_text="SHA-256 of the drawing last read.", max_length=64)),
                ("checked_at", models.DateTimeField(blank=True, help_text="When the CDN last answered.", null=True)),
                ("changed_at", models.DateTimeField(blank=True, help_text="When the drawing last changed.",
                                                    null=True)),
                ("cluster", models.CharField(blank=True, help_text="The cluster its seats' hosts name.",
                                             max_length=50)),
                ("plan", models.JSONField(blank=True, null=True)),
                ("applied", models.JSONField(blank=True, null=True)),
                ("state", models.CharField(blank=True, choices=[("imported", "in the layout"),
                                                                ("waiting", "changed: waits for staff"),
                                                                ("kept", "staff kept their own")], max_length=10)),
                ("refused", models.CharField(blank=True, help_text="Why the latest drawing was not taken.",
                                             max_length=300)),
                ("decided_by", models.CharField(blank=True, max_length=150)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("campus", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                             related_name="cluster_drawings", to="occupancy.campus")),
            ],
            options={
                "ordering": ["campus", "name"],
            },
        ),
    ]
