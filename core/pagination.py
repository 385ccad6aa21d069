"""Pages of a listing, with a word to the reader when the address asked for another."""

from django.contrib import messages
from django.template.defaultfilters import pluralize


def page_for_request(request, paginator, parameter="page"):
    """`Paginator.get_page` for the page the request names.

    Django already shows the first page for junk and the last for a number past the end;
    this only tells the reader which one they are looking at instead.
    """
    raw = request.GET.get(parameter, "")
    # Zero and negative numbers are junk here too: the first page, not the last.
    wanted = raw.lstrip("0") if raw.isdecimal() else ""
    page_obj = paginator.get_page(wanted or None)
    if raw and str(page_obj.number) != wanted:
        if wanted and page_obj.number == paginator.num_pages:
            pages = paginator.num_pages
            text = (
                f"There {'is' if pages == 1 else 'are'} only {pages} page{pluralize(pages)} "
                "of results: showing the last one."
            )
        else:
            text = "The page number in the address was not valid: showing the first page."
        messages.warning(request, text, fail_silently=True)
    return page_obj
