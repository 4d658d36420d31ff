from gradtrack.accounts import roles
from gradtrack.core.models import SchoolProfile
from gradtrack.site.navigation import nav_for


def school(request):
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    return {
        "school_name": SchoolProfile.current().name,
        "nav_items": nav_for(user, match.view_name if match else None) if roles.is_staff_user(user) else [],
        "can_write": roles.can_write(user),
        "is_admin": roles.is_admin(user),
        "can_manage_reference_data": roles.can_manage_reference_data(user),
    }
