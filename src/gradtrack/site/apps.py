from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top layer: what assembles the domain apps into one site. Domain apps never import it."""

    name = "gradtrack.site"
    label = "site"
    verbose_name = "站点"

    def ready(self):
        from gradtrack.records import services as records_services
        from gradtrack.tracking import services as tracking_services

        # POLICY §2 acts the moment a job is saved, however it was saved: records calls its receivers in the
        # job's transaction, and the tracking service is the one that reacts.
        records_services.on_jobs_saved(tracking_services.tracking_services_jobs_saved)
