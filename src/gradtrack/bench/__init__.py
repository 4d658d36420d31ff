"""`make bench`: a province-sized dataset on PostgreSQL, the app under gunicorn, one table of figures.

Run ``python -m gradtrack.bench --help`` (or ``gradtrack bench --help``). Nothing here is used by the app.
"""
