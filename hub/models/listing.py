"""Index pages that list hub content with query-string filters and pagination."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models
from django.dispatch import receiver
from django.template.defaultfilters import pluralize
from django.utils.module_loading import import_string
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.signals import post_page_move


class FilteredIndexPage(Page):
    """Abstract index: a filter form (django-filter) over a queryset, paginated.

    Subclasses name a django-filter FilterSet in `filterset_path` and define
    `get_base_queryset()`, the live pages they list.

    Unknown filter values never fail the page: django-filter leaves an invalid field out
    of the query and the template shows its message, so the reader sees what was ignored.
    """

    intro = models.TextField(blank=True)
    per_page = 20
    filterset_path = ""

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True

    def paginated(self, queryset, context):
        """The part of the filtered queryset that is paged through; all of it by default."""
        return queryset

    def get_filterset(self, request):
        filterset_class = import_string(self.filterset_path)
        return filterset_class(request.GET or None, queryset=self.get_base_queryset())

    def get_page(self, request, paginator):
        """The requested page; junk shows the first page and a number past the end the last,
        each with a message saying so, rather than an error."""
        raw = request.GET.get("page", "")
        try:
            number = int(raw) if raw else 1
        except ValueError:  # not a number, or one with thousands of digits
            number = 0
        if number < 1:
            messages.warning(
                request,
                "The page number in the address was not valid: showing the first page.",
                fail_silently=True,
            )
            number = 1
        elif number > paginator.num_pages:
            pages = paginator.num_pages
            messages.warning(
                request,
                f"There {'is' if pages == 1 else 'are'} only {pages} page{pluralize(pages)} "
                "of results: showing the last one.",
                fail_silently=True,
            )
            number = paginator.num_pages
        return paginator.page(number)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filterset = self.get_filterset(request)
        paginator = Paginator(self.paginated(filterset.qs, context), self.per_page)
        page_obj = self.get_page(request, paginator)
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            filterset=filterset,
            page_obj=page_obj,
            items=page_obj.object_list,
            filter_query=query.urlencode(),
            filters_active=any(v for k, v in request.GET.lists() if k != "page"),
        )
        return context


class CityChildPage(models.Model):
    """Mixin for pages that live under a city: keeps a direct link to that city.

    The link is derived from the page tree on save, so listings can filter and show
    the city without walking the tree for every row.
    """

    city = models.ForeignKey(
        "hub.CityProfilePage",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from .cities import CityProfilePage

        parent = self.get_parent() if self.depth else None
        if parent is not None:
            specific = parent.specific_deferred
            self.city_id = specific.pk if isinstance(specific, CityProfilePage) else None
        super().save(*args, **kwargs)


@receiver(post_page_move)
def update_city_after_move(sender, instance, parent_page_after, **kwargs):
    """Keep `city` right when an editor moves a page to another city.

    Wagtail saves a moved page as a plain `Page`, so `CityChildPage.save` does not run.
    """
    from .cities import CityProfilePage

    model = instance.specific_class
    if model is not None and issubclass(model, CityChildPage):
        is_city = issubclass(parent_page_after.specific_class, CityProfilePage)
        model.objects.filter(pk=instance.pk).update(
            city_id=parent_page_after.pk if is_city else None
        )
