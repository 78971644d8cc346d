from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("abonohu/konfirmo/<str:token>/", views.confirm_subscription, name="subscription-confirm"),
    path("abonohu/cregjistrohu/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
