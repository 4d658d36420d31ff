"""The accounts' pages under /accounts/ (namespace ``accounts``). Sign-in and sign-out are added to them by
gradtrack.urls, because the sign-in form is security's throttled one and security sits above accounts."""

from django.urls import path

from gradtrack.accounts import views

urlpatterns = [
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserUpdateView.as_view(), name="user_update"),
    path("users/<int:pk>/password/", views.UserPasswordView.as_view(), name="user_password"),
    path("users/<int:pk>/tokens/revoke/", views.UserTokensRevokeView.as_view(), name="user_tokens_revoke"),
    path("users/<int:pk>/deactivate/", views.UserDeactivateView.as_view(), name="user_deactivate"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/", views.TokenListView.as_view(), name="token_list"),
    path("tokens/new/", views.TokenCreateView.as_view(), name="token_create"),
    path("tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
]
