"""Serializer fields every app's endpoints share: an id in the user's scope, a code-table value by its code."""

from rest_framework import serializers


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    # A foreign key by id, accepted only if the acting user may see the target: `selector(user)` is the
    # queryset of what they see (a function of the app's selectors).

    def __init__(self, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.selector(getattr(request, "user", None))


class CodeField(serializers.SlugRelatedField):
    """A code-table value by its code (单位性质 31, 毕业去向 10 …)."""

    def to_internal_value(self, data):
        # PostgreSQL refuses a NUL character in a query (a server error, not "no such code").
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value="\\x00")
        return super().to_internal_value(data)


def code_field(model, **kwargs):
    return CodeField(slug_field="code", queryset=model.objects.all(), **kwargs)
