from . import views_front, views_queue


def root(request):
    """The same address serves both: staff land on what awaits them, citizens on the public front door."""
    if request.user.is_authenticated:
        return views_queue.queue(request)
    return views_front.front_door(request)
