from django.contrib.auth.views import redirect_to_login


def front_door(request):
    return redirect_to_login(request.get_full_path())
