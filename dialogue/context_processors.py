from .access import OFFICE, OFFICE_READERS, user_roles
from .models import Role


def navigation(request):
    """What the navigation bar offers depends on the user's roles."""
    user = getattr(request, "user", None)
    roles = user_roles(user) if user is not None else set()
    return {
        "nav_roles": roles,
        "nav_is_office": bool(roles & set(OFFICE_READERS)),
        "nav_reads_results": bool(roles & {*OFFICE, Role.SUPERVISOR}),
        "nav_is_leader": Role.LEADER in roles,
        "nav_is_agency": Role.AGENCY in roles,
        "nav_is_admin": bool(user and user.is_staff),
    }
