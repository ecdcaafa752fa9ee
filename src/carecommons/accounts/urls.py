from django.urls import path

from carecommons.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/signup/check-your-email/", views.confirm_sent, name="confirm_sent"),
    path("accounts/confirm/resend/", views.resend_confirmation, name="resend_confirmation"),
    path("accounts/confirm/<str:token>/", views.verify_email, name="verify_email"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/settings/", views.account_settings, name="settings"),
    path("accounts/email/", views.change_email, name="change_email"),
    path("accounts/close/", views.deactivate, name="deactivate"),
    path("accounts/people/", views.people, name="people"),
    path("accounts/people/add/", views.person_form, name="person_add"),
    path("accounts/people/<int:pk>/", views.person_form, name="person_edit"),
    path("accounts/people/<int:pk>/remove/", views.person_delete, name="person_delete"),
    path("u/<str:username>/", views.profile, name="profile"),
    path("u/<str:username>/roles/", views.manage_roles, name="manage_roles"),
]
