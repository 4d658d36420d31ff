from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top layer: what assembles the domain apps into one site. Domain apps never import it."""

    name = "gradtrack.site"
    label = "site"
    verbose_name = "站点"
