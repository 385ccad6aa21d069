"""Pages of a listing, with a word to the reader when the address asked for another."""

from django.template.defaultfilters import pluralize


def page_for_request(request, paginator, parameter="page"):
    """`Paginator.get_page` for the page the request names, and a notice saying which
    page is shown when the address asked for one that is not there (else None).

    Django already shows the first page for junk and the last for a number past the end;
    zero and negative numbers are junk here too, so they show the first page.
    """
    raw = request.GET.get(parameter, "")
    wanted = raw.lstrip("0") if raw.isdecimal() else ""
    page_obj = paginator.get_page(wanted or None)
    if not raw or str(page_obj.number) == wanted:
        return page_obj, None
    if wanted and page_obj.number == paginator.num_pages:
        pages = paginator.num_pages
        notice = (
            f"There {'is' if pages == 1 else 'are'} only {pages} page{pluralize(pages)} "
            "of results: showing the last one."
        )
    else:
        notice = "The page number in the address was not valid: showing the first page."
    return page_obj, notice
