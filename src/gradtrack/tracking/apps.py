from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "gradtrack.tracking"
    label = "tracking"

    def ready(self):
        # POLICY §2 acts the moment a job is saved, however it was saved (records.services calls its
        # receivers in the job's transaction). This wiring belongs to the layer that assembles the apps.
        from gradtrack.records.services import on_job_saved
        from gradtrack.tracking.services import tracking_service_job_saved

        on_job_saved(tracking_service_job_saved)
