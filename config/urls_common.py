"""URLs both hosts serve: sign-in, sign-out, password reset and a health check."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import path

from workspaces.access import workspace_open
from workspaces.forms import PasswordResetForm, SignInForm


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


auth_urlpatterns = [
    path("healthz", workspace_open(healthz), name="healthz"),
    path("accounts/login/", workspace_open(auth_views.LoginView.as_view(form_class=SignInForm)), name="login"),
    path("accounts/logout/", workspace_open(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "accounts/password-reset/",
        workspace_open(auth_views.PasswordResetView.as_view(form_class=PasswordResetForm)),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        workspace_open(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        workspace_open(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        workspace_open(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
