from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
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
    path("city/", views.city_inbox, name="city_inbox"),
    path("city/<int:city_id>/", views.city_inbox, name="city_inbox_for"),
]

# Under /contact/, beside the accounts: anyone may write to a city.
contact_urlpatterns = [
    path("<slug:slug>/", views.contact_city, name="contact_city"),
    path("<slug:slug>/sent/", views.contact_city_sent, name="contact_city_sent"),
]
