from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('occupancy', '0005_webhook_deliveries'),
    ]

    operations = [
        migrations.AddField(
            model_name='syncstate',
            name='failures',
            field=models.PositiveIntegerField(default=0, help_text='Failed runs, whatever the error, since it began.'),
        ),
    ]
