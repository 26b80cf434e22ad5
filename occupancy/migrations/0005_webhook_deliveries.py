# Placeholder in the fixed migration chain; its owner (webhook deliveries) fills in the operations.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('occupancy', '0004_displays'),
    ]

    operations = []
