from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("occupancy", "0004_displays"),
    ]

    operations = [
        migrations.CreateModel(
            name="WebhookDelivery",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("delivery", models.CharField(help_text="The intra's X-Delivery header.", max_length=100,
                                              unique=True)),
                ("event", models.CharField(help_text="create, close or destroy.", max_length=20)),
                ("location_id", models.BigIntegerField()),
                ("received_at", models.DateTimeField()),
            ],
            options={
                "ordering": ["-received_at"],
                "indexes": [models.Index(fields=["location_id", "event"], name="webhookdelivery_location")],
            },
        ),
    ]
