"""``python -m gradtrack.bench [options]`` (what ``make bench`` and ``gradtrack bench`` run)."""

import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "gradtrack.bench.settings"

from gradtrack.bench.runner import parse_args, run  # noqa: E402

if __name__ == "__main__":
    sys.exit(run(parse_args()))
