"""The portfolio on the public host (no namespace: the public host's home is `portfolio`)."""

from django.urls import path

from workspaces.portfolio import views

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("portfolio.csv", views.portfolio_csv, name="portfolio_csv"),
]
