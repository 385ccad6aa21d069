"""The home page, the site-wide settings editors keep, and the people who use the hub."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from core import visibility

from .blocks import NavigationLinkBlock, SocialLinkBlock


class HomePage(Page):
    intro = models.TextField(
        blank=True, help_text="What the hub is, in two or three sentences for a first visit."
    )
    featured = StreamField(
        [
            (
                "page",
                blocks.PageChooserBlock(
                    page_type=[
                        "hub.CityProfilePage",
                        "hub.BusinessCasePage",
                        "hub.PermittingGuidePage",
                        "hub.WebinarPage",
                    ]
                ),
            )
        ],
        blank=True,
        verbose_name="featured content",
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "hub.CityIndexPage",
        "hub.BusinessCaseIndexPage",
        "hub.PermittingGuideIndexPage",
        "hub.WebinarIndexPage",
        "partnerships.PartnershipIndexPage",
    ]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("featured")]

    class Meta:
        verbose_name = "home page"

    def route(self, request, path_components):
        """Find the page a URL names in two queries: the types of the pages along the path,
        then the page itself. Wagtail walks the tree a level at a time, two queries a
        level. The walk stays for a path that reaches no page, or passes a page with a
        route of its own (a routable page's sub-URLs)."""
        from django.contrib.contenttypes.models import ContentType

        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "".join(f"{slug}/" for slug in path_components[:n])
            for n in range(1, len(path_components) + 1)
        ]
        types = dict(
            Page.objects.filter(
                url_path__in=prefixes, path__startswith=self.path, depth__gt=self.depth
            ).values_list("url_path", "content_type_id")
        )
        if len(types) != len(prefixes):
            return super().route(request, path_components)
        models = [
            ContentType.objects.get_for_id(types[prefix]).model_class() for prefix in prefixes
        ]
        if any(model is None or model.route is not Page.route for model in models[:-1]):
            return super().route(request, path_components)
        page = models[-1].objects.get(url_path=prefixes[-1], path__startswith=self.path)
        return page.route(request, [])

    def get_context(self, request, *args, **kwargs):
        from hub.models import BusinessCasePage, CityProfilePage, WebinarPage

        context = super().get_context(request, *args, **kwargs)
        featured_ids = [block.value.pk for block in self.featured if block.value]
        # Not `specific(defer=True)`: the template reads each page's summary.
        featured = (
            visibility.visible(Page.objects.live(), request)
            .filter(pk__in=featured_ids)
            .defer_streamfields()
            .specific()
        )
        by_id = {page.pk: page for page in featured}
        context["featured_pages"] = [by_id[pk] for pk in featured_ids if pk in by_id]
        context["upcoming_webinars"] = (
            WebinarPage.objects.listable(request)
            .filter(end__gte=timezone.now())
            .defer_streamfields()
            .order_by("start")[:3]
        )
        context["newest_cases"] = (
            BusinessCasePage.objects.listable(request)
            .defer_streamfields()
            .select_related("city")
            # Pages created in code may have no publication date: last, not first (PostgreSQL
            # sorts NULLs first in descending order), newest row first among equals.
            .order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:4]
        )
        context["city_count"] = CityProfilePage.objects.listable(request).count()
        context["sections"] = self.sections()
        return context

    def sections(self):
        """The home page's published index pages, by section name, in one query."""
        from hub.models import BusinessCaseIndexPage, CityIndexPage, WebinarIndexPage

        names = {
            CityIndexPage: "cities",
            BusinessCaseIndexPage: "business_cases",
            WebinarIndexPage: "webinars",
        }
        return {
            names[child.specific_class]: child
            for child in self.get_children().live()
            if child.specific_class in names
        }


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the site says about itself in its header, home page and footer."""

    tagline = models.CharField(
        max_length=200,
        blank=True,
        default="Cities learning from cities",
        help_text="Shown after the site's name on the home page.",
    )
    footer_text = models.TextField(
        blank=True, help_text="One or two sentences about the hub, at the foot of every page."
    )
    contact_email = models.EmailField(
        blank=True, help_text="Where readers write to the team that runs the hub."
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, help_text="Shown in the footer."
    )

    panels = [
        FieldPanel("tagline"),
        FieldPanel("footer_text"),
        FieldPanel("contact_email"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = "site settings"


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The site's main navigation, in the order editors choose.

    Until it is set, the navigation lists the home page's published children that are
    shown in menus, then the partner finder.
    """

    main_links = StreamField(
        [("link", NavigationLinkBlock())], blank=True, verbose_name="main navigation"
    )

    panels = [FieldPanel("main_links")]

    class Meta:
        verbose_name = "navigation"


class Person(models.Model):
    """What others see of an account: a display name, an organisation and a role, and
    the city the person works for once that city has confirmed it.

    A person asks to join a city's staff (at signup or later); the city's publishers or
    an editor confirm it, or add a colleague themselves. A city's confirmed staff are the
    members of that city's partnerships. Writes go through `home.people`.
    """

    class CityStatus(models.TextChoices):
        REQUESTED = "requested", "Asked to join the city's staff"
        CONFIRMED = "confirmed", "Confirmed staff of the city"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person"
    )
    display_name = models.CharField(
        max_length=100, help_text="The name others see in rooms, workspaces and messages."
    )
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(
        "job title or role",
        max_length=120,
        blank=True,
        help_text="For example “Energy transition officer”.",
    )
    city = models.ForeignKey(
        "hub.CityProfilePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text="The city the person works for.",
    )
    city_status = models.CharField(
        "city staff", max_length=12, choices=CityStatus.choices, blank=True
    )
    city_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    city_decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["city", "city_status"])]

    def __str__(self):
        return self.display_name

    @property
    def is_city_staff(self):
        return self.city_id is not None and self.city_status == self.CityStatus.CONFIRMED

    def staff_link(self):
        if self.city_id is None:
            return ""
        url = reverse("home_city_staff", args=[self.city_id])
        return format_html('<a href="{}">Staff of {}</a>', url, self.city)

    staff_link.short_description = "City staff"


class CityMessage(models.Model):
    """A message someone sent a city through the site, for its staff to answer.

    Written by `home.messages.send_to_city`; its staff (or, while the city has none
    confirmed, the hub's programme managers and editors) are emailed without anyone's
    address being shown, and answer on their city's page. Deleted after
    the `contact_messages` period of `PERSONAL_DATA_RETENTION_DAYS` by
    `delete_expired_personal_data`.
    """

    class Delivery(models.TextChoices):
        STAFF = "staff", "The city's staff"
        MANAGERS = "managers", "Programme managers and editors (the city has no staff yet)"

    city = models.ForeignKey(
        "hub.CityProfilePage", on_delete=models.CASCADE, related_name="messages_received"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="city_messages_sent",
    )
    sender_name = models.CharField(max_length=100)
    sender_email = models.EmailField()
    sender_organisation = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=150)
    body = models.TextField()
    delivered_to = models.CharField(max_length=10, choices=Delivery.choices)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["city", "-created"])]

    def __str__(self):
        return f"{self.subject} (to {self.city})"

    def inbox_link(self):
        url = reverse("city_inbox_for", args=[self.city_id])
        label = "Answered" if self.answered_at else "Answer"
        return format_html('<a href="{}#message-{}">{}</a>', url, self.pk, label)

    inbox_link.short_description = "On the city's page"


class CityMessageReply(models.Model):
    """An answer a city's staff sent by email through the site."""

    message = models.ForeignKey(CityMessage, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name_plural = "city message replies"

    def __str__(self):
        return f"Answer to {self.message}"
