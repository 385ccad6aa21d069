"""Blocks of the site settings: navigation and footer links."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

# Parts of the site that are views rather than pages, by URL name.
SITE_VIEWS = [
    ("partner_finder", "Partner finder"),
    ("search:search", "Search"),
    ("webinar_feed", "Webinar calendar (iCalendar)"),
]


class NavigationLinkBlock(blocks.StructBlock):
    """A link to a page of the tree or to one of the site's views, with its label."""

    page = blocks.PageChooserBlock(required=False)
    view = blocks.ChoiceBlock(
        choices=SITE_VIEWS, required=False, help_text="Or a part of the site that is not a page."
    )
    label = blocks.CharBlock(
        max_length=60, required=False, help_text="Leave empty to use the page's title."
    )

    class Meta:
        icon = "link"
        label = "Link"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("view")):
            message = "Choose a page or a part of the site, not both."
            raise StructBlockValidationError(block_errors={"page": ValidationError(message)})
        if value.get("view") and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ValidationError("Give the link a label.")}
            )
        return value

    @staticmethod
    def resolve(value, request=None):
        """(label, url) of a link, or None when its page is no longer published."""
        if value.get("view"):
            return value["label"], reverse(value["view"])
        page = value.get("page")
        if page is None or not page.live:
            return None
        return value.get("label") or page.title, page.get_url(request)


class SocialLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, help_text="For example “Mastodon” or “LinkedIn”.")
    url = blocks.URLBlock()

    class Meta:
        icon = "link-external"
        label = "Link"
