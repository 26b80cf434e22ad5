from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("occupancy", "0010_cluster_plans"),
    ]

    operations = [
        migrations.AddField(
            model_name="location",
            name="avatar",
            field=models.CharField(blank=True, default="", max_length=500,
                                   help_text="The user's picture link as the intra gave it (the browser loads it)."),
        ),
    ]
