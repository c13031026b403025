"""A file e-mail back-end that takes its time before writing, as a slow SMTP server
does, so a test can stop a worker while a message is being sent.

With SLOW_MAIL_MARK_DIR set, the worker's process id is written there as a file
for exactly the time it spends waiting on the "server", before the message is
written: a test that kills a worker while its file is there kills it in the
middle of a send, never between the message leaving and its row being marked."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


def sending_mark(folder, pid: int) -> Path:
    return Path(folder) / f"{pid}.sending"


def sending(folder, processes):
    """The process among `processes` that is in the middle of a send now, or None."""
    return next((proc for proc in processes if sending_mark(folder, proc.pid).exists()), None)


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        folder = os.environ.get("SLOW_MAIL_MARK_DIR")
        mark = sending_mark(folder, os.getpid()) if folder else None
        if mark is not None:
            mark.touch()
        try:
            time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.4")))
        finally:
            if mark is not None:
                mark.unlink(missing_ok=True)
        return super().send_messages(email_messages)
