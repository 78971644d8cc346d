from django.urls import path

from . import views

app_name = "papers"

urlpatterns = [
    path("konsultimet/<int:pk>/njoftimi.pdf", views.notice, name="notice"),
    path("stafi/konsultimet/<int:pk>/lista-e-pjesemarresve.pdf", views.attendance_sheet, name="attendance-sheet"),
    path("stafi/konsultimet/<int:pk>/procesverbali.pdf", views.minutes, name="minutes"),
]
