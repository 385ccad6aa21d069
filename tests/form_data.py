"""The admin edit form's data for a page, as a browser would post it.

Wagtail renders StreamField forms in JavaScript, so the edit page's HTML holds no inputs
for them and `querydict_from_html` alone misses them. Their POST data is built here from
the page's own values, block by block, in the format the blocks read back.
"""

from django.urls import reverse
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html


def block_form_data(block, value, prefix):
    data = {}
    if isinstance(block, blocks.StreamBlock):
        children = list(value or [])
        data[f"{prefix}-count"] = str(len(children))
        for i, child in enumerate(children):
            data.update(
                {
                    f"{prefix}-{i}-type": child.block_type,
                    f"{prefix}-{i}-deleted": "",
                    f"{prefix}-{i}-order": str(i),
                    f"{prefix}-{i}-id": child.id or "",
                }
            )
            data.update(block_form_data(child.block, child.value, f"{prefix}-{i}-value"))
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            data.update(block_form_data(child_block, value.get(name), f"{prefix}-{name}"))
    elif isinstance(block, blocks.ListBlock):
        children = list(value.bound_blocks) if value is not None else []
        data[f"{prefix}-count"] = str(len(children))
        for i, child in enumerate(children):
            data.update(
                {
                    f"{prefix}-{i}-deleted": "",
                    f"{prefix}-{i}-order": str(i),
                    f"{prefix}-{i}-id": child.id or "",
                }
            )
            data.update(block_form_data(block.child_block, child.value, f"{prefix}-{i}-value"))
    else:
        state = block.get_form_state(value)
        if isinstance(state, dict):  # a chooser: the chosen object's id
            state = state.get("id")
        if isinstance(state, bool):
            if state:
                data[prefix] = "on"
        elif isinstance(state, list):
            data[prefix] = [str(item) for item in state]
        else:
            data[prefix] = "" if state is None else str(state)
    return data


def edit_form_data(client, page):
    """The edit form of `page` as the admin renders it, StreamFields included."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = client.get(url).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    # A browser posts "on" for a ticked checkbox without a value; querydict_from_html
    # posts "", which Django reads as unticked.
    form = WagtailTestUtils.get_soup(html).find("form", id="page-edit-form")
    for checkbox in form.find_all("input", type="checkbox", checked=True):
        if "value" not in checkbox.attrs and checkbox.get("name"):
            data[checkbox["name"]] = "on"
    page = page.specific
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            for key, value in block_form_data(
                field.stream_block, getattr(page, field.name), field.name
            ).items():
                if isinstance(value, list):
                    data.setlist(key, value)
                else:
                    data[key] = value
    return data
