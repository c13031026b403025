"""Sessions that end after a working day without a request.

Django ends a session SESSION_COOKIE_AGE after it was last saved. Saving it on
every request would make it an idle limit, at the price of a write on every
page; touching it once every TOUCH_EVERY seconds keeps the limit within that
margin and leaves almost every request read-only.
"""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

TOUCHED = "_touched"
TOUCH_EVERY = 15 * 60


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # is_empty() reads no row: a visitor without a session stays without one.
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(TOUCHED, 0) >= TOUCH_EVERY:
                session[TOUCHED] = now  # modified: SessionMiddleware saves it and renews the cookie
        return response


@receiver(user_logged_in)
def _touch_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[TOUCHED] = int(time.time())
