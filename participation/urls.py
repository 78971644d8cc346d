from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("konsultimet/<int:pk>/komento/", views.submit_comment, name="comment-submit"),
    path("komenti/pranuar/", views.comment_received, name="comment-received"),
    path("abonohu/", views.subscribe, name="subscribe"),
    path("abonohu/konfirmo/<str:token>/", views.confirm_subscription, name="subscription-confirm"),
    path("abonohu/cregjistrohu/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("stafi/pasqyra/", views.staff_overview, name="staff-overview"),
]
