"""A file e-mail back-end that takes its time before writing, as a slow SMTP server
does, so a test can stop a worker while a message is being sent."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.4")))
        return super().send_messages(email_messages)
