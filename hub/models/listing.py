"""Index pages that list hub content with query-string filters and pagination."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models
from django.dispatch import receiver
from django.utils.module_loading import import_string
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.signals import post_page_move

from core.pagination import page_for_request


class FilteredIndexPage(Page):
    """Abstract index: a filter form (django-filter) over a queryset, paginated.

    Subclasses name a django-filter FilterSet in `filterset_path` and define
    `get_base_queryset(request)`, the pages they list (`listable(request)`: live, and
    open to the visitor).

    Unknown filter values never fail the page: django-filter leaves an invalid field out
    of the query and the template shows its message, so the reader sees what was ignored;
    a page number that is not there shows the first or last page, with a message.
    """

    intro = models.TextField(blank=True)
    per_page = 20
    filterset_path = ""
    # Each index is a section of the site: in the main navigation unless an editor says not.
    show_in_menus_default = True

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True

    def paginated(self, queryset, context):
        """The part of the filtered queryset that is paged through; all of it by default."""
        return queryset

    def get_filterset(self, request):
        filterset_class = import_string(self.filterset_path)
        return filterset_class(request.GET or None, queryset=self.get_base_queryset(request))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filterset = self.get_filterset(request)
        paginator = Paginator(self.paginated(filterset.qs, context), self.per_page)
        page_obj, notice = page_for_request(request, paginator)
        if notice:
            messages.warning(request, notice, fail_silently=True)
        context.update(
            filterset=filterset,
            page_obj=page_obj,
            items=page_obj.object_list,
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
        parent = self.get_parent() if self.depth else None
        if parent is not None:
            specific = parent.specific_deferred
            self.city_id = specific.pk if isinstance(specific, city_model(self)) else None
        super().save(*args, **kwargs)


def city_model(page_or_model):
    """The city page model, read from the `city` link rather than imported from `cities`."""
    return page_or_model._meta.get_field("city").related_model


@receiver(post_page_move)
def update_city_after_move(sender, instance, parent_page_after, **kwargs):
    """Keep `city` right when an editor moves a page to another city.

    Wagtail saves a moved page as a plain `Page`, so `CityChildPage.save` does not run.
    """
    model = instance.specific_class
    if model is not None and issubclass(model, CityChildPage):
        is_city = issubclass(parent_page_after.specific_class, city_model(model))
        model.objects.filter(pk=instance.pk).update(
            city_id=parent_page_after.pk if is_city else None
        )
