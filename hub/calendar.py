"""iCalendar files for webinars, built with the icalendar library."""

from icalendar import Calendar, Event


def webinar_event(webinar, request=None):
    event = Event()
    event.add("uid", f"webinar-{webinar.pk}@twinhub")
    event.add("summary", webinar.title)
    event.add("dtstart", webinar.start)
    event.add("dtend", webinar.end)
    event.add("dtstamp", webinar.last_published_at or webinar.start)
    url = webinar.get_full_url(request)
    if url:
        event.add("url", url)
    description = webinar.summary
    if webinar.is_ahead and webinar.registration_url:
        description = f"{description}\n\nRegister: {webinar.registration_url}".strip()
    if url:
        # Calendar applications show the description, and few show the URL property.
        label = "Details and registration" if webinar.is_ahead else "Details"
        description = f"{description}\n\n{label}: {url}".strip()
    if description:
        event.add("description", description)
    return event


def webinars_calendar(webinars, request=None, name="TwinHub webinars"):
    calendar = Calendar()
    calendar.add("prodid", "-//TwinHub//Webinars//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for webinar in webinars:
        calendar.add_component(webinar_event(webinar, request))
    return calendar.to_ical()
