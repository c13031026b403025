"""A mail server stand-in for tests that run real workers: each message a file of its own
in EMAIL_FILE_PATH, written after MAIL_DELAY_SECONDS (a slow SMTP server's answer), so a
worker killed while sending is killed with the message not yet accepted."""

import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        delay = float(os.environ.get("MAIL_DELAY_SECONDS", "0"))
        for message in email_messages:
            time.sleep(delay)
            temporary = folder / f".{uuid.uuid4().hex}.tmp"
            temporary.write_bytes(message.message().as_bytes())
            temporary.rename(temporary.with_name(temporary.name[1:-4] + ".eml"))
        return len(email_messages)
