from django.contrib.auth import views as auth_views
from django.urls import path

from . import city_views, privacy, views
from .forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/finish/<str:token>/", views.signup_finish, name="signup_finish"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("city/", city_views.city_inbox, name="city_inbox"),
    path("city/<int:city_id>/", city_views.city_inbox, name="city_inbox_for"),
]

# Under /contact/, beside the accounts: anyone may write to a city.
contact_urlpatterns = [
    path("<slug:slug>/", city_views.contact_city, name="contact_city"),
    path("<slug:slug>/sent/", city_views.contact_city_sent, name="contact_city_sent"),
]

# Under /privacy/: what the site keeps, and a person's own data.
privacy_urlpatterns = [
    path("", privacy.privacy, name="privacy"),
    path("my-data/", privacy.my_data, name="privacy_my_data"),
    path("delete-account/", privacy.delete_account, name="privacy_delete_account"),
]
