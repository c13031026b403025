"""Log-in, log-out and password reset: Django's views with the account limit,
the per-client budget for reset e-mails, and a reset that also lifts a lock."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from . import login_guard
from .clientip import client_ip
from .ratelimit import rate_limited


class GuardedAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "This account has had too many failed log-ins from several places. Log in from a device you "
            "have used before, wait %(minutes)s minutes, or reset the password by e-mail."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username", "")
        if self.request is not None and login_guard.is_throttled(username, client_ip(self.request)):
            minutes = max(1, login_guard._limit()[1] // 60)
            raise ValidationError(self.error_messages["throttled"], code="throttled", params={"minutes": minutes})
        return super().clean()


class LoginView(auth_views.LoginView):
    authentication_form = GuardedAuthenticationForm
    redirect_authenticated_user = True


@method_decorator(rate_limited("password_reset", methods=("POST",)), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        # The link points at the configured public address, never at whatever Host the request named.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever proves they hold the mailbox gets their account back at once.
        username = self.user.get_username()
        axes_reset(username=username)
        login_guard.clear_failures(username)
        return response
