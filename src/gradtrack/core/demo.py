"""What every app's part of the demo school shares: its password, the history source that marks what it made, and
the row ``gradtrack demo-accounts`` prints for an account."""

from dataclasses import dataclass

DEMO_PASSWORD = "gradtrack-demo-2026"
# The history source of every record demo-data writes; wiping the demo finds its records by it.
DEMO_SOURCE = "demo-data"


@dataclass(frozen=True)
class DemoAccountStatus:
    username: str
    role: str
    departments: str
    has_demo_password: bool
