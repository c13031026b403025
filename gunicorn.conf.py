"""gunicorn's settings file, read from the directory it starts in."""


def post_worker_init(worker):
    """A web worker that has loaded the application loads fonts and signing keys
    before its first request (dialogue.warmup), so the first document it issues
    costs what the next one does."""
    from dialogue.warmup import warm_up

    warm_up()
