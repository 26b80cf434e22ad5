#!/usr/bin/env python
"""Django's command-line utility, printing a configuration error as one line instead of a traceback."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "occupancy.settings")
    from django.core.management import execute_from_command_line

    from occupancy.env import ConfigError

    try:
        execute_from_command_line(sys.argv)
    except ConfigError as error:
        sys.stderr.write(f"configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
