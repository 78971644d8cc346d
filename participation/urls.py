from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    # Not under konsultimet/<pk>/: the hearing page's konsultimet/<pk>/<slug>/ route, included first, would take it.
    path("komento/<int:pk>/", views.submit_comment, name="comment-submit"),
    path("komenti/pranuar/", views.comment_received, name="comment-received"),
    path("abonohu/", views.subscribe, name="subscribe"),
    path("abonohu/derguar/", views.subscribe_sent, name="subscribe-sent"),
]
