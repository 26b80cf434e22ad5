from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("occupancy", "0008_forecasts"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiSurprise",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("endpoint", models.CharField(help_text="e.g. /v2/locations; nested fields are user.name.",
                                              max_length=100)),
                ("field", models.CharField(max_length=200)),
                ("json_type", models.CharField(help_text="The JSON type of the first value seen.", max_length=20)),
                ("first_seen", models.DateTimeField()),
            ],
            options={"ordering": ["endpoint", "field"]},
        ),
        migrations.AddConstraint(
            model_name="apisurprise",
            constraint=models.UniqueConstraint(fields=("endpoint", "field"), name="apisurprise_unique"),
        ),
    ]
