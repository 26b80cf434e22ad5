from django.db import migrations


class Migration(migrations.Migration):
    """Placeholder for #20's CSP reports; its owner fills it in."""

    dependencies = [
        ("occupancy", "0009_api_surprises"),
    ]

    operations = []
