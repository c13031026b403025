"""The product's URLs plus the benchmark's floor: a minimal view that fetches one
row by primary key and renders a small template, on the same server and
middleware as the public status page. Not a benchmark (run directly it does nothing)."""

if __name__ == "__main__":
    raise SystemExit(0)

from django.shortcuts import render
from django.urls import path

from dialogue.urls import urlpatterns as product_urlpatterns
from petitions.models import Petition


def floor(request, pk):
    petition = Petition.objects.only("id", "tracking_code", "status").get(pk=pk)
    return render(request, "bench/floor.html", {"petition": petition})


urlpatterns = [path("bench-floor/<int:pk>/", floor), *product_urlpatterns]
