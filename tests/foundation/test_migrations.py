"""The migrations describe the models exactly: a model change without its migration fails here, not in production."""

from django.core.management import call_command


def test_the_models_need_no_migration_that_is_not_written(db):
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)  # exits non-zero on a missing one
