from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as document_views

from home.urls import contact_urlpatterns, privacy_urlpatterns
from search import urls as search_urls

from .api import api_router

# Wagtail's document URLs, with ids of at most 19 digits (a 64-bit key): a longer one names
# no document, and one of over 4,300 digits is too long for Python to read as a number.
documents_urls = [
    re_path(r"^(\d{1,19})/(.*)$", document_views.serve, name="wagtaildocs_serve"),
    *[p for p in wagtaildocs_urls.urlpatterns if p.name != "wagtaildocs_serve"],
]


def favicon(request):
    return HttpResponsePermanentRedirect(static_url("favicon.svg"))


urlpatterns = [
    # Pages name their icon in <head>; this answers programs that ask for the old address.
    path("favicon.ico", favicon),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(documents_urls)),
    path("api/v2/", api_router.urls),
    path("api/search/", include((search_urls.api_urlpatterns, "search_api"))),
    path("accounts/", include("home.urls")),
    path("contact/", include(contact_urlpatterns)),
    path("privacy/", include(privacy_urlpatterns)),
    path("search/", include("search.urls")),
    path("registrations/", include("registrations.urls")),
    path("follows/", include("follows.urls")),
    path("feeds/", include("follows.feed_urls")),
    path("", include("hub.urls")),
    path("", include("partnerships.urls")),
    path("", include("workshops.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it matches every remaining path.
urlpatterns += [path("", include(wagtail_urls))]
