from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("occupancy", "0007_layout_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="campus",
            name="country",
            field=models.CharField(blank=True, help_text="As the intra names it; its public holidays shape the "
                                                         "forecast.", max_length=100),
        ),
        migrations.CreateModel(
            name="Forecast",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("cluster", models.CharField(blank=True, help_text='"" is the whole campus.', max_length=50)),
                ("issue", models.CharField(choices=[("latest", "latest"), ("day", "made at the day's midnight")],
                                           max_length=10)),
                ("hour", models.DateTimeField(help_text="Start of the hour forecast (UTC).")),
                ("made_at", models.DateTimeField(help_text="The moment the forecast was made for: it saw no data "
                                                           "after it.")),
                ("seats", models.PositiveIntegerField(help_text="The cluster's seats when the forecast was made.")),
                ("p10", models.FloatField(help_text="Seats taken at peak: 10 % chance of fewer.")),
                ("p50", models.FloatField(help_text="Seats taken at peak: the median.")),
                ("p90", models.FloatField(help_text="Seats taken at peak: 10 % chance of more.")),
                ("campus", models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="forecasts",
                                             to="occupancy.campus")),
            ],
            options={
                "ordering": ["campus", "cluster", "issue", "hour"],
                "constraints": [models.UniqueConstraint(fields=("campus", "cluster", "issue", "hour"),
                                                        name="forecast_unique")],
            },
        ),
    ]
