from django.urls import path

from synthesis.ask import views

app_name = "ask"

urlpatterns = [
    path("ask/", views.ask_page, name="page"),
    path("ask/<int:pk>/", views.question_page, name="question"),
    path("ask/<int:pk>/insight/", views.question_insight, name="insight"),
]
