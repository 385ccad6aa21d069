"""One builder per kind of demo content, and the order `load_demo` runs them in (`STEPS`).

A builder takes one record of a data file and the run, and returns (label, state): see
`demo.loader.Section`. To add a kind of content, write its YAML file in `demo/data/`, a
builder here, and one `Section` line in `STEPS`.
"""

import datetime
import os
import secrets
import zoneinfo

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from applications.forms import ApplicationForm
from applications.models import ApplicationFormPage, CityGroup, EligibilityRule
from home import people
from home.models import Person
from home.roles import (
    EDITORS,
    FACILITATORS,
    PROGRAMME_MANAGERS,
    REVIEW_WORKFLOW,
    add_city_publisher,
    setup_roles,
)
from hub import cities
from hub.models import (
    BusinessCasePage,
    CityIndexPage,
    CityProfilePage,
    Domain,
    PermittingGuidePage,
    WebinarIndexPage,
    WebinarPage,
)
from partnerships import workspace
from partnerships.models import (
    ROLES_BY_KIND,
    ActivityEntry,
    Meeting,
    PartnershipIndexPage,
    PartnershipKind,
    PartnershipMember,
    PartnershipModule,
    PartnershipPage,
    PlanAction,
    ProgrammeModule,
    ProgrammePage,
    Role,
)
from workshops.models import ROOM_PAGE_TYPES, WorkshopRoom
from workshops.signals import ensure_room

from . import files
from .loader import (
    CREATED,
    PRESENT,
    TREE_FIELDS,
    DemoDataError,
    Section,
    Skipped,
    first_error,
    slugs_in,
)

CITY_FILES = ("mission_cities.yaml", "h2_twin_cities.yaml", "twin_cities.yaml")
PROGRAMME_FILES = ("programmes.yaml",)


# References between records -----------------------------------------------------------


def find_pages(model, slugs, field, defined_in):
    """The `model` pages with these slugs, by slug. A slug the demo data defines but the
    site lacks skips the record; one the data does not define is an error."""
    if not isinstance(slugs, list) or not all(isinstance(slug, str) for slug in slugs):
        raise DemoDataError(field, f"expected a list of slugs, found {slugs!r}")
    found = {page.slug: page for page in model.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    unknown = [slug for slug in missing if slug not in slugs_in(*defined_in)]
    if unknown:
        raise DemoDataError(field, f"no {model._meta.verbose_name} “{', '.join(unknown)}”")
    if missing:
        raise Skipped(f"no {model._meta.verbose_name} for {', '.join(missing)}")
    return found


def find_cities(slugs, field):
    return find_pages(CityProfilePage, slugs, field, CITY_FILES)


def find_city(slug, field):
    return find_cities([slug], field)[slug]


def find_programme(slug, field):
    return find_pages(ProgrammePage, [slug], field, PROGRAMME_FILES)[slug]


# Page tree and programmes -------------------------------------------------------------


def build_index_page(record, run):
    """One index page under the home page, found by its type: there is one of each."""
    home = run.home
    type_name = record["type"]
    try:
        model = apps.get_model(type_name)
    except (LookupError, ValueError) as error:
        raise DemoDataError("type", f"no page type {type_name}") from error
    if not issubclass(model, Page) or model not in home.specific_class.allowed_subpage_models():
        raise DemoDataError("type", f"{type_name} cannot be placed under the home page")
    page, state = run.page(
        home,
        model,
        record,
        lambda: run.new_page(model, record),
        # Keep the one that exists even if an editor renamed or moved it.
        find=lambda: model.objects.child_of(home).first(),
    )
    return "/" + page.url_path.removeprefix(home.url_path), state


def build_programme(record, run):
    """A programme and its rules. Title and summary are written once; the rules are kept
    as the data says on every run, in a new revision when they change."""
    rules = record["rules"]
    if not isinstance(rules, dict):
        raise DemoDataError("rules", "expected field names and values")
    slugs = record["focus_domains"]
    domains = list(Domain.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {domain.slug for domain in domains})
    if unknown:
        raise DemoDataError("focus_domains", f"unknown domains: {', '.join(unknown)}")
    modules = record["modules"]

    def build():
        page = run.new_page(ProgrammePage, record)
        apply_rules(page, rules, domains, modules)
        return page

    index = run.index(PartnershipIndexPage)
    page, state = run.page(index, ProgrammePage, record, build)
    if state == PRESENT and apply_rules(page, rules, domains, modules):
        try:
            page.full_clean(exclude=TREE_FIELDS)
        except ValidationError as error:
            raise DemoDataError(*first_error(error)) from error
        page.save_revision().publish()
        state = "rules updated"
    return page.title, state


def apply_rules(page, rules, domains, modules):
    """Set the programme's rules, focus domains and (if it has none) modules; return
    whether anything changed."""
    changed = False
    for name, value in rules.items():
        if name not in {field.name for field in ProgrammePage._meta.concrete_fields}:
            raise DemoDataError(f"rules, {name}", "not a field of a programme")
        current = getattr(page, name)
        if name == "eligible_countries":
            # django-countries keeps the codes sorted, so compare them as sets.
            current, value = {country.code for country in current}, set(value)
        if current != value:
            setattr(page, name, rules[name])
            changed = True
    if {domain.slug for domain in page.focus_domains.all()} != {d.slug for d in domains}:
        page.focus_domains.set(domains)
        changed = True
    if modules and not page.modules.exists():
        known = {"name", "description", "months", "expected_outputs"}
        for n, module in enumerate(modules):
            if set(module) - known:
                unknown = ", ".join(sorted(set(module) - known))
                raise DemoDataError(f"modules, item {n + 1}", f"unknown fields: {unknown}")
        page.modules = [
            ProgrammeModule(
                name=module["name"],
                description=module["description"],
                months=module.get("months"),
                expected_outputs=module.get("expected_outputs", ""),
                sort_order=n,
            )
            for n, module in enumerate(modules)
        ]
        changed = True
    return changed


def join_programme(record, run):
    """Make the cities members of the programme, in one new published revision of it
    when any is missing (an editor's next edit starts from it)."""
    programme = find_programme(record["programme"], "programme")
    cities = find_cities(record["cities"], "cities")
    present = set(programme.member_cities.values_list("pk", flat=True))
    missing = [city for city in cities.values() if city.pk not in present]
    if not missing:
        return programme.title, PRESENT
    programme.member_cities.add(*missing)
    programme.save_revision().publish()
    return programme.title, f"{len(missing)} cities joined"


# Hub content --------------------------------------------------------------------------


def build_city(record, run):
    parent = run.index(CityIndexPage)
    page, state = run.page(
        parent,
        CityProfilePage,
        record,
        lambda: run.new_page(CityProfilePage, record),
        save=lambda page, index: cities.save_city(page, index=index),
    )
    return page.title, state


def build_business_case(record, run):
    city = find_city(record["city"], "city")
    page, state = run.page(
        city, BusinessCasePage, record, lambda: run.new_page(BusinessCasePage, record)
    )
    return f"{page.title} ({city.title})", state


def build_permitting_guide(record, run):
    city = find_city(record["city"], "city")
    page, state = run.page(
        city, PermittingGuidePage, record, lambda: run.new_page(PermittingGuidePage, record)
    )
    return f"{page.title} ({city.title})", state


def build_webinar(record, run):
    """A webinar; `date` (a past session) or `in_days` (an upcoming one) places it.
    `transcript` and `slides` name files in demo/data/files/ that become its documents."""
    date, in_days, minutes = record.get("date"), record.get("in_days"), record["minutes"]
    if (date is None) == (in_days is None):
        raise DemoDataError("date", "give either date (a past session) or in_days (upcoming)")
    transcript, slides = record.get("transcript"), record.get("slides")
    if in_days is not None and (transcript or slides):
        raise DemoDataError("transcript", "only a past webinar has a transcript or slides")

    def build():
        page = run.new_page(WebinarPage, record)
        title = record["title"]
        if transcript:
            page.transcript = files.document(f"Transcript: {title}", transcript, "transcript")
        if slides:
            page.slides = files.slides_document(f"Slides: {title}", slides, "slides")
        if not page.agenda or page.agenda[0].value["time"] is None:
            raise DemoDataError("agenda", "the first item needs a time: the webinar starts then")
        try:
            zone = zoneinfo.ZoneInfo(page.timezone)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError) as error:
            raise DemoDataError("timezone", f"unknown time zone {page.timezone!r}") from error
        page.start = webinar_start(date, in_days, page.agenda[0].value["time"], zone, run.now)
        page.end = page.start + datetime.timedelta(minutes=minutes)
        return page

    page, state = run.page(run.index(WebinarIndexPage), WebinarPage, record, build)
    return page.title, state


def webinar_start(date, in_days, first_time, zone, now):
    """Past webinars keep their fixed date (moved back a year if the clock is earlier);
    upcoming ones fall `in_days` after today, at the agenda's first time."""
    if in_days is not None:
        day = timezone.localtime(now, zone).date() + datetime.timedelta(days=in_days)
        return datetime.datetime.combine(day, first_time, tzinfo=zone)
    start = datetime.datetime.combine(date, first_time, tzinfo=zone)
    while start > now:
        start = start.replace(year=start.year - 1)
    return start


def set_home_page(record, run):
    """The home page's intro and featured pages, once: an editor's choice stays."""
    home = run.home
    intro = record["intro"]
    featured = []
    for path in record["featured"]:
        page = Page.objects.filter(url_path=f"{home.url_path}{path}").first()
        if page is None:
            raise DemoDataError("featured", f"no page at /{path}")
        featured.append(("page", page.specific))
    if home.featured:
        return "Home page", "featured content already chosen, left as it is"
    home.intro = intro
    home.featured = featured
    home.save_revision().publish()
    return "Home page", f"intro and {len(featured)} featured pages set"


# Partnerships and applications --------------------------------------------------------


def build_partnership(record, run):
    programme = find_programme(record["programme"], "programme")
    members = record["members"]
    if not isinstance(members, list) or not all(
        isinstance(member, dict) and set(member) == {"city", "role"} for member in members
    ):
        raise DemoDataError("members", "expected a list of city and role pairs")
    cities = find_cities([member["city"] for member in members], "members")
    kind = record["kind"]
    if kind not in PartnershipKind.values:
        raise DemoDataError("kind", f"unknown kind {kind!r}")
    allowed = ROLES_BY_KIND[PartnershipKind(kind)]
    wrong = [member["role"] for member in members if member["role"] not in allowed]
    if wrong:
        raise DemoDataError("members", f"a {kind} partnership has no role {', '.join(wrong)}")

    def build():
        page = run.new_page(PartnershipPage, record, kind=kind)
        page.members = [
            PartnershipMember(city=cities[member["city"]], role=Role(member["role"]), sort_order=n)
            for n, member in enumerate(members)
        ]
        return page

    page, state = run.page(programme, PartnershipPage, record, build)
    return page.title, state


def build_city_group(record, run):
    """A named group of cities, by its name; its members are kept as the data says."""
    group = CityGroup.objects.filter(name=record["name"]).first()
    members, source = record["members"], record.get("source", "")
    if group is None:
        group = CityGroup(name=record["name"], members=members, source=source)
        state = CREATED
    elif (group.members, group.source) != (members, source):
        group.members, group.source = members, source
        state = "members updated"
    else:
        return group.name, PRESENT
    try:
        group.full_clean()
    except ValidationError as error:
        raise DemoDataError(*first_error(error)) from error
    group.save()
    return group.name, state


def set_call(page, call):
    """The form's call from the data: dates in days from today, capacity and rules."""
    today = timezone.localdate()
    for days, field in (("opens_in_days", "opens_on"), ("closes_in_days", "closes_on")):
        if call.get(days) is not None:
            setattr(page, field, today + datetime.timedelta(days=call[days]))
    page.host_capacity = call.get("host_capacity", page.host_capacity)
    rules = []
    for n, rule in enumerate(call.get("rules", [])):
        group = None
        if rule.get("group"):
            group = CityGroup.objects.filter(name=rule["group"]).first()
            if group is None:
                raise DemoDataError(f"call, rules, item {n + 1}", f"no group “{rule['group']}”")
        rules.append(
            EligibilityRule(
                kind=rule["kind"],
                countries=rule.get("countries", []),
                year=rule.get("year"),
                group=group,
                sort_order=n,
            )
        )
    page.eligibility_rules = rules


def build_application_form(record, run):
    """A programme's application form and its call. The call is set when the form is
    created, or while it has no rules: its dates count from the day of loading, so a
    second run does not move them."""
    programme = find_programme(record["programme"], "programme")
    call = record.get("call")

    def build():
        page = run.new_page(
            ApplicationFormPage,
            record,
            title=f"Apply to join {programme.title}",
            subject=f"New application to {programme.title}",
        )
        if call:
            set_call(page, call)
        return page

    page, state = run.page(
        programme,
        ApplicationFormPage,
        record,
        build,
        find=lambda: ApplicationFormPage.objects.child_of(programme).first(),
    )
    if state == PRESENT and call and not page.eligibility_rules.exists():
        set_call(page, call)
        try:
            page.full_clean(exclude=TREE_FIELDS)
        except ValidationError as error:
            raise DemoDataError(*first_error(error)) from error
        page.save_revision().publish()
        state = "call set"
    return page.title, state


def build_application(record, run):
    """An application as the programme's form would store it, checked by that form and
    its call's rules (a record that fails one says `send_anyway`, as an applicant would)."""
    programme = find_programme(record["form"], "form")
    form_page = ApplicationFormPage.objects.child_of(programme).first()
    if form_page is None:
        raise Skipped(f"{programme.title} has no application form")
    form_data = {key: record[key] for key in record.unread()}
    form = ApplicationForm(data=form_data, page=form_page)
    if not form.is_valid():
        field, messages = next(iter(form.errors.items()))
        raise DemoDataError(None if field == "__all__" else field, " ".join(messages))
    label = f"{form_data['city']} ({form_page.title})"
    if FormSubmission.objects.filter(page=form_page, form_data__city=form_data["city"]).exists():
        return label, PRESENT
    FormSubmission.objects.create(page=form_page, form_data=form.submission_data())
    return label, CREATED


# People and rooms ---------------------------------------------------------------------


def set_up_roles(run):
    report = setup_roles()
    for warning in report.warnings:
        run.stdout.write(run.style.WARNING(warning))
    if report.total_created:
        run.stdout.write(
            f"  Roles set up ({report.total_created} groups, permissions and workflow parts)."
        )
    else:
        run.stdout.write("  Roles already set up.")


def show_passwords():
    return settings.DEBUG or os.environ.get("DEMO_SHOW_PASSWORDS", "") in {"1", "yes", "true"}


def get_or_create_account(username):
    """The user, whether it is new, and the login line to print: with the new password
    when it may be shown."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    if not created:
        return user, False, f"{username} (existing account; password unchanged)"
    if show_passwords():
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        return user, True, f"{username} / {password}"
    user.set_unusable_password()
    user.save()
    return user, True, f"{username} (set a password: python manage.py changepassword {username})"


def build_account(record, run):
    """A demo account: an editor, a city's publisher or confirmed staff, a facilitator or a
    programme manager, with the name others see."""
    username, role = record["username"], record["role"]
    roles = {"editor", "publisher", "staff", "facilitator", "programme-manager"}
    if role not in roles:
        raise DemoDataError("role", f"expected one of {', '.join(sorted(roles))}, found {role!r}")
    city = find_city(record["city"], "city") if role in ("publisher", "staff") else None
    user, created, login = get_or_create_account(username)
    if record.get("display_name"):
        people.save_person(
            user,
            display_name=record["display_name"],
            organisation=record.get("organisation", ""),
            role=record.get("job_title", ""),
        )
    if role == "editor":
        user.groups.add(Group.objects.get(name=EDITORS))
        what = (
            "an editor: approves or sends back what publishers submit to "
            f"“{REVIEW_WORKFLOW}” and publishes any page"
        )
    elif role == "publisher":
        add_city_publisher(user, city)
        what = f"{city.title}'s publisher: edits it and its pages, submits them for review"
    elif role == "staff":
        if people.staff_city(user) is None:
            Person.objects.filter(user=user).update(
                city=city, city_status=Person.CityStatus.CONFIRMED
            )
        what = f"confirmed staff of {city.title}: works in its partnerships' workspaces"
    elif role == "facilitator":
        user.groups.add(Group.objects.get(name=FACILITATORS))
        what = "a facilitator: runs partnerships' rooms and keeps their workspaces in the admin"
    else:
        user.groups.add(Group.objects.get(name=PROGRAMME_MANAGERS))
        what = "a programme manager: runs calls and rounds, follows Partnership progress"
    run.logins.append((login, what))
    return username, CREATED if created else PRESENT


# Partnership workspaces -----------------------------------------------------------------


def _users(usernames, field):
    found = {
        user.username: user for user in get_user_model().objects.filter(username__in=usernames)
    }
    missing = [name for name in usernames if name not in found]
    if missing:
        raise DemoDataError(field, f"unknown accounts: {', '.join(missing)} (see people.yaml)")
    return [found[name] for name in usernames]


def _rows(record, key, known, item_label):
    items = record.get(key, [])
    if not isinstance(items, list):
        raise DemoDataError(key, "expected a list")
    for n, item in enumerate(items):
        if not isinstance(item, dict) or set(item) - known:
            unknown = (
                ", ".join(sorted(map(str, set(item) - known))) if isinstance(item, dict) else item
            )
            raise DemoDataError(f"{key}, item {n + 1}", f"unknown fields: {unknown}")
        if item_label not in item:
            raise DemoDataError(f"{key}, item {n + 1}", f"{item_label} is required")
    return items


def _logged(partnership, user, summary, when):
    entry = workspace.record(partnership, user, summary)
    ActivityEntry.objects.filter(pk=entry.pk).update(happened_at=when)


def build_workspace(record, run):
    """A partnership's year of work so far: its start, facilitators, modules, meetings and
    Replication Plan, each row made once (by its title) and logged as its people did it."""
    slug = record["partnership"]
    partnership = PartnershipPage.objects.filter(slug=slug).first()
    if partnership is None:
        raise Skipped(f"the partnership {slug} is not on the site")
    start_in_days = record.get("start_in_days")
    facilitators = _users(record.get("facilitators", []), "facilitators")
    modules = _rows(record, "modules", {"module", "status", "outputs"}, "module")
    meeting_fields = {
        "kind",
        "title",
        "in_days",
        "date",
        "place",
        "agenda",
        "attendees",
        "notes",
        "visit_hosts",
        "visit_programme",
        "visit_travel",
        "report",
    }
    meetings = _rows(record, "meetings", meeting_fields, "title")
    action_fields = {
        "title",
        "description",
        "owner",
        "owner_team",
        "due_in_days",
        "status",
        "practice",
        "practice_note",
    }
    actions = _rows(record, "actions", action_fields, "title")
    now = timezone.now()
    created = 0

    wants_start = partnership.start_date is None and start_in_days is not None
    if wants_start or (facilitators and not partnership.facilitators.exists()):
        if wants_start:
            partnership.start_date = timezone.localdate() + datetime.timedelta(days=start_in_days)
        partnership.facilitators.add(*facilitators)
        partnership.save_revision().publish()
        created += 1
    staff = {
        user.pk: user
        for user in people.staff_of_cities(m.city_id for m in partnership.members.all())
    }
    someone = next(iter(staff.values()), None)

    by_name = {m.name: m for m in workspace.programme_modules(partnership)}
    for n, item in enumerate(modules):
        module = by_name.get(item["module"])
        if module is None:
            raise DemoDataError(
                f"modules, item {n + 1}", f"the programme has no module {item['module']!r}"
            )
        row, made = PartnershipModule.objects.get_or_create(
            partnership=partnership,
            module=module,
            defaults={
                "status": item.get("status", "not-started"),
                "outputs": item.get("outputs", ""),
            },
        )
        if made:
            created += 1
            _logged(partnership, someone, workspace.describe_change(row, True), now)

    for n, item in enumerate(meetings):
        if "date" in item:  # a fixed date, for what happened on a known day
            day = item["date"]
            if not isinstance(day, datetime.date):
                raise DemoDataError(f"meetings, item {n + 1}, date", "expected a date")
            starts = datetime.datetime.combine(day, datetime.time(12), datetime.UTC)
        else:
            starts = now + datetime.timedelta(days=item["in_days"])
            starts = starts.replace(hour=9, minute=30, second=0, microsecond=0)
        fields = {k: v for k, v in item.items() if k not in ("in_days", "date", "attendees")}
        attendees = _users(item.get("attendees", []), f"meetings, item {n + 1}, attendees")
        meeting = Meeting.objects.filter(partnership=partnership, title=item["title"]).first()
        if meeting is None:
            meeting = Meeting(partnership=partnership, starts_at=starts, **fields)
            try:
                meeting.full_clean(exclude=["partnership"])
            except ValidationError as error:
                field, message = first_error(error)
                raise DemoDataError(f"meetings, item {n + 1}, {field}", message) from error
            meeting.save()
            meeting.attendees.set(attendees)
            created += 1
            _logged(
                partnership,
                attendees[0] if attendees else someone,
                workspace.describe_change(meeting, True),
                min(starts, now) - datetime.timedelta(days=7),
            )

    for n, item in enumerate(actions):
        owner = (
            _users([item["owner"]], f"actions, item {n + 1}, owner")[0]
            if item.get("owner")
            else None
        )
        practice = None
        if item.get("practice"):
            practice = find_city(item["practice"], f"actions, item {n + 1}, practice")
        fields = {k: v for k, v in item.items() if k not in ("owner", "due_in_days", "practice")}
        action = PlanAction.objects.filter(partnership=partnership, title=item["title"]).first()
        if action is None:
            action = PlanAction(
                partnership=partnership,
                owner=owner,
                practice=practice,
                due_on=timezone.localdate() + datetime.timedelta(days=item["due_in_days"]),
                sort_order=n,
                **fields,
            )
            try:
                action.full_clean(exclude=["partnership"])
            except ValidationError as error:
                field, message = first_error(error)
                raise DemoDataError(f"actions, item {n + 1}, {field}", message) from error
            action.save()
            created += 1
            _logged(partnership, owner or someone, workspace.describe_change(action, True), now)
    state = f"{created} parts created" if created else PRESENT
    return partnership.title, state


def print_logins(run):
    login_url = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/login/"
    run.stdout.write(run.style.SUCCESS(f"Demo accounts; log in at {login_url} as:"))
    for login, what in run.logins:
        run.stdout.write(f"  {login}  ({what})")
    if not show_passwords():
        run.stdout.write(
            "Passwords are printed only on a DEBUG site or with DEMO_SHOW_PASSWORDS=1."
        )


def open_workshop_rooms(run):
    """Every live webinar and partnership has its room; rooms of webinars that are over
    are closed, so their record stays readable.

    Publishing creates a page's room; this catches up pages saved without publishing,
    or before rooms existed."""
    created = 0
    for model in apps.get_models():
        if issubclass(model, Page) and model.__name__ in ROOM_PAGE_TYPES:
            for page in model.objects.live().exclude(workshop_room__isnull=False):
                ensure_room(page)
                created += 1
    closed = 0
    for room in WorkshopRoom.objects.filter(page__isnull=False).exclude(status="closed"):
        if getattr(room.page.specific, "is_upcoming", True) is False:
            room.status = WorkshopRoom.Status.CLOSED
            room.save(update_fields=["status"])
            closed += 1
    total = WorkshopRoom.objects.count()
    run.stdout.write(
        run.style.SUCCESS(f"  Workshop rooms: {created} created, {closed} closed, {total} in all.")
    )


STEPS = [
    Section("Sections", ("index_pages.yaml",), build_index_page),
    Section("Programmes", PROGRAMME_FILES, build_programme),
    Section("Cities", ("mission_cities.yaml", "h2_twin_cities.yaml"), build_city),
    Section("Twin cities", ("twin_cities.yaml",), build_city),
    Section("Programme members", ("programme_members.yaml",), join_programme),
    Section("Business cases", ("business_cases.yaml",), build_business_case),
    Section("Permitting guides", ("permitting_guides.yaml",), build_permitting_guide),
    Section("Webinars", ("webinars.yaml",), build_webinar),
    Section("Partnerships", ("partnerships.yaml",), build_partnership),
    Section("City groups", ("city_groups.yaml",), build_city_group),
    Section("Application forms", ("application_forms.yaml",), build_application_form),
    Section("Applications", ("applications.yaml",), build_application),
    Section("Home page", ("home_page.yaml",), set_home_page),
    open_workshop_rooms,
    set_up_roles,
    Section("Demo accounts", ("people.yaml",), build_account),
    Section("Partnership workspaces", ("workspaces.yaml",), build_workspace),
    print_logins,
]


def steps(*names):
    """The steps of STEPS with these names (a section's heading, a function's name), in
    their order: for loading part of the demo."""
    return [
        step for step in STEPS if getattr(step, "heading", getattr(step, "__name__", "")) in names
    ]
