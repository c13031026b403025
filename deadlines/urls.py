from django.urls import path

app_name = "deadlines"

urlpatterns: list = []
