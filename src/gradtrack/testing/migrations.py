"""Migrating the test database to a given state and back, for tests of data migrations."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to ``targets`` ([(app, migration name)]) and return the apps registry of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    """Every app's latest migration, to migrate back to when a test is done. Every app, not only those the test
    moved: going back also unapplies the other apps' migrations that depend on them (gradsurveys on core,
    surveys on records), and the tests after it need their tables."""
    executor = MigrationExecutor(connection)
    return list(executor.loader.graph.leaf_nodes())
