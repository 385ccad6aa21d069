"""Wagtail API v2: pages with their `api_fields`, images and documents.

Wagtail's endpoints hand query parameters to the database and the search backend as
they arrive. These subclasses answer 400 with a message instead of failing on what
neither can take:

- a control character in any parameter (PostgreSQL refuses NUL in `search`, `locale`,
  `html_path` and the rest);
- an offset past the largest a database takes (a signed 64-bit integer);
- search text: only its words are searched, read by the site's one query cleaner
  (`search.text.clean_query`), so quotes, brackets and operators never reach a full-text
  parser and a search of 500 words is no deeper a query than one of 12. A search
  without a word is refused.

Listings load each page's relations (its locale, its topic sets, any related field among
its `api_fields`) for the whole page of results at once, so a list with `fields=*` costs
the same few queries for 20 items as for one.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import prefetch_related_objects
from django.http import QueryDict
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from core.text import first_control_character
from search.text import clean_query

MAX_OFFSET = 2**63 - 1


class BoundedOffsetPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        # Wagtail reads the number itself; only its size is checked here. Too many
        # digits for int() (over 4,300) is no whole number Wagtail can read either.
        if offset.isdigit() and (len(offset) > 19 or int(offset) > MAX_OFFSET):
            raise BadRequestError(f"offset must be a whole number from 0 to {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class _WithQuery:
    """A request seen through another query string (for Wagtail's filters, which read
    `request.GET`)."""

    def __init__(self, request, query):
        self._request = request
        self.GET = query

    def __getattr__(self, name):
        return getattr(self._request, name)


class WordsSearchFilter(SearchFilter):
    """Wagtail's `?search=`, given the words of the search only."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        words = clean_query(request.GET["search"]).words
        if not words:
            raise BadRequestError("search must contain at least one word")
        query = request.GET.copy()
        query["search"] = " ".join(words)
        return super().filter_queryset(_WithQuery(request, query), queryset, view)


def _with_words_search(filter_backends):
    return [WordsSearchFilter if f is SearchFilter else f for f in filter_backends]


class CheckedParametersMixin:
    """Refuses control characters anywhere in the query string, before any filter runs."""

    pagination_class = BoundedOffsetPagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        query: QueryDict = request.GET
        for key, values in query.lists():
            if any(first_control_character(text) for text in [key, *values]):
                raise BadRequestError("query parameters may not contain control characters")


def related_lookups(model):
    """The relations a serialised `model` reads: its locale and each relation among its
    API fields (topic sets, foreign keys, child objects)."""
    lookups = []
    for api_field in getattr(model, "api_fields", ()):
        name = getattr(api_field, "name", api_field)
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.is_relation and field.name == name:  # `city_id` is the id alone
            lookups.append(name)
    if any(f.name == "locale" for f in model._meta.get_fields()):
        lookups.append("locale")
    return lookups


class HubPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    filter_backends = _with_words_search(PagesAPIViewSet.filter_backends)

    def paginate_queryset(self, queryset):
        pages = list(super().paginate_queryset(queryset))
        by_model = {}
        for page in pages:
            by_model.setdefault(type(page), []).append(page)
        for model, of_model in by_model.items():
            prefetch_related_objects(of_model, *related_lookups(model))
        return pages


class HubImagesAPIViewSet(CheckedParametersMixin, ImagesAPIViewSet):
    filter_backends = _with_words_search(ImagesAPIViewSet.filter_backends)


class HubDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    filter_backends = _with_words_search(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", HubPagesAPIViewSet)
api_router.register_endpoint("images", HubImagesAPIViewSet)
api_router.register_endpoint("documents", HubDocumentsAPIViewSet)
