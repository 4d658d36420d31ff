from gradtrack.records import urls_files, urls_reference

app_name = "records"
urlpatterns = urls_files.urlpatterns + urls_reference.urlpatterns
