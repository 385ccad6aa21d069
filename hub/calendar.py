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
    if webinar.registration_url and webinar.is_upcoming:
        description = f"{description}\n\nRegister: {webinar.registration_url}".strip()
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
