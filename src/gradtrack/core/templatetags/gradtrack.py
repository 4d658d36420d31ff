from django import template
from django.apps import apps

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (keeps filters across pages and sorting)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def history_changes(entry):
    """(field label, old, new) for each changed field of a history entry."""
    try:
        model = apps.get_model(entry.model)
        labels = {
            f.name: str(f.verbose_name) for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        }
    except LookupError:
        labels = {}
    return [(labels.get(name, name), old, new) for name, (old, new) in entry.changes.items()]
