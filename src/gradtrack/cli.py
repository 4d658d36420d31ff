"""The ``gradtrack`` console script: Django's management commands under the project's name.

Commands are spelled with hyphens on the command line (``gradtrack import-graduates``, ``gradtrack demo-data``)
and live in modules with underscores, as Django requires.
"""

import os
import sys


def command_name(argv: list[str]) -> list[str]:
    if len(argv) > 1 and not argv[1].startswith("-") and "-" in argv[1]:
        argv = [argv[0], argv[1].replace("-", "_"), *argv[2:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gradtrack.settings")
    from django.core.management import execute_from_command_line

    argv = command_name(list(sys.argv if argv is None else argv))
    argv[0] = "gradtrack"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
