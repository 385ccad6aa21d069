"""The session record as a PDF document (`?download=pdf` on the record), drawn with
ReportLab from the same structure the record page and the JSON export use
(`workshops.record.build`), section by section as the page shows them.

Text is set in DejaVu Sans when the font is installed (Debian's `fonts-dejavu-core`), so
names in every European script and beyond come out as written; without it, in ReportLab's
built-in Helvetica, which covers Western European text only (the log says so once).
"""

import datetime
import io
import logging
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

logger = logging.getLogger(__name__)

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"regular": DEJAVU / "DejaVuSans.ttf", "bold": DEJAVU / "DejaVuSans-Bold.ttf"}


@cache
def _fonts():
    """(regular, bold) font names, registered with ReportLab once per process."""
    try:
        pdfmetrics.registerFont(TTFont("RecordSans", str(FONTS["regular"])))
        pdfmetrics.registerFont(TTFont("RecordSans-Bold", str(FONTS["bold"])))
    except Exception:
        logger.warning("No DejaVu Sans for the record's PDF; using Helvetica", exc_info=True)
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFontFamily(
        "RecordSans",
        normal="RecordSans",
        bold="RecordSans-Bold",
        italic="RecordSans",
        boldItalic="RecordSans-Bold",
    )
    return "RecordSans", "RecordSans-Bold"


@cache
def _styles():
    regular, bold = _fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=base["BodyText"], fontName=regular, fontSize=10, leading=14
    )
    return {
        "title": ParagraphStyle(
            "title", parent=base["Title"], fontName=bold, fontSize=18, leading=22, alignment=0
        ),
        "h2": ParagraphStyle(
            "h2", parent=base["Heading2"], fontName=bold, fontSize=13, leading=16, spaceBefore=10
        ),
        "h3": ParagraphStyle(
            "h3", parent=base["Heading3"], fontName=bold, fontSize=11, leading=14, spaceBefore=6
        ),
        "body": body,
        "small": ParagraphStyle(
            "small", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#444444")
        ),
        "quote": ParagraphStyle("quote", parent=body, leftIndent=8 * mm),
        "meta": ParagraphStyle(
            "meta",
            parent=body,
            fontSize=8.5,
            leading=11,
            textColor=colors.HexColor("#444444"),
            keepWithNext=1,
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12),
    }


def _text(value):
    """Plain text as ReportLab's paragraph markup: escaped, line breaks kept."""
    return escape(str(value or "")).replace("\n", "<br/>")


def _when(value):
    if not value:
        return ""
    moment = datetime.datetime.fromisoformat(value).astimezone(datetime.UTC)
    return moment.strftime("%-d %b %Y, %H:%M UTC")


def _person(person):
    place = person.get("city") or person.get("organisation")
    return f"{person['name']} ({place})" if place else person["name"]


def _bullets(paragraphs, numbered=False):
    items = [ListItem(p, leftIndent=12) for p in paragraphs]
    if numbered:
        return ListFlowable(items, bulletType="1", leftIndent=14, bulletFontSize=9)
    return ListFlowable(items, bulletType="bullet", start="•", leftIndent=12, bulletFontSize=9)


def _section(story, heading, parts, empty):
    s = _styles()
    story.append(Paragraph(_text(heading), s["h2"]))
    story.extend(parts or [Paragraph(_text(empty), s["body"])])


def _story(record):
    s = _styles()
    p = lambda text, style="body": Paragraph(text, s[style])  # noqa: E731
    story = [p(_text(f"Session record: {record['room']['title']}"), "title")]
    if record["room"]["page"]:
        story.append(p(_text(f"For {record['room']['page']['title']}")))

    when = [record["status"]["label"]]
    if record["opened_at"]:
        when.append(f"opened {_when(record['opened_at'])}")
    if record["closed_at"]:
        when.append(f"closed {_when(record['closed_at'])}")
    if record["status"]["starts_at"]:
        planned = f"planned from {_when(record['status']['starts_at'])}"
        if record["status"]["ends_at"]:
            planned += f" to {_when(record['status']['ends_at'])}"
        when.append(planned)
    _section(story, "When it ran", [p(_text(" · ".join(when)))], "")

    attendance = [
        p(
            f"<b>{_text(group['city'])}</b>: "
            + _text(", ".join(person["name"] for person in group["people"]))
        )
        for group in record["attendance"]
    ]
    _section(
        story,
        "Who attended",
        attendance and [_bullets(attendance)],
        "Nobody signed in came to this room.",
    )

    agenda = [
        p(
            _text(
                f"{item['title']} ({item['minutes']} min)"
                + (f" · taken up at {_when(item['started_at'])}" if item["started_at"] else "")
            )
        )
        for item in record["agenda"]
    ]
    _section(story, "Agenda", agenda and [_bullets(agenda, numbered=True)], "No agenda was set.")

    decisions = [p(_text(d["text"])) for d in record["decisions"]]
    _section(story, "Decisions", decisions and [_bullets(decisions)], "No decisions were recorded.")

    actions = []
    if record["action_items"]:
        rows = [[p(f"<b>{h}</b>", "cell") for h in ("Action", "Owner", "Due", "Plan")]]
        for item in record["action_items"]:
            owner = item["owner_name"] + (
                f" ({item['owner']['city']})" if (item.get("owner") or {}).get("city") else ""
            )
            rows.append(
                [
                    p(_text(item["text"]), "cell"),
                    p(_text(owner), "cell"),
                    p(_text(item["due"] or ""), "cell"),
                    p("In the plan" if item.get("planned") else "Not in the plan", "cell"),
                ]
            )
        table = Table(rows, colWidths=[75 * mm, 45 * mm, 25 * mm, 25 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ]
            )
        )
        actions = [table]
    _section(story, "Action items", actions, "No action items were recorded.")

    poll_parts = []
    for poll in record["polls"]:
        facts = [
            "Several choices" if poll["multiple"] else "One choice",
            f"{poll['voters']} voter{'' if poll['voters'] == 1 else 's'}",
        ]
        if poll["anonymous"]:
            facts.append("anonymous")
        if poll["state"] == "open":
            facts.append("still open: results once it closes")
        options = []
        for option in poll["options"]:
            line = option["label"]
            if option.get("votes") is not None:
                line += f": {option['votes']} vote{'' if option['votes'] == 1 else 's'}"
            if option.get("chosen_by"):
                line += " (" + ", ".join(person["name"] for person in option["chosen_by"]) + ")"
            options.append(p(_text(line)))
        poll_parts.append(
            KeepTogether(
                [
                    p(_text(poll["question"]), "h3"),
                    p(_text(" · ".join(facts)), "small"),
                    _bullets(options),
                ]
            )
        )
    _section(story, "Polls", poll_parts, "No polls were run.")

    question_parts = []
    for question in record["questions"]:
        state = (
            "answered in writing"
            if question["answer"]
            else "answered live"
            if question["answered"]
            else "not answered yet"
        )
        votes = question["votes"]
        parts = [
            p(_text(question["body"])),
            p(
                _text(
                    f"{_person(question['author'])} · {votes} upvote"
                    f"{'' if votes == 1 else 's'} · {state}"
                ),
                "small",
            ),
        ]
        if question["answer"]:
            parts.append(p(_text(question["answer"]["body"]), "quote"))
            parts.append(p(_text(f"— {question['answer']['by']['name']}"), "quote"))
        question_parts.append(KeepTogether([*parts, Spacer(1, 3 * mm)]))
    _section(story, "Questions", question_parts, "No questions were asked.")

    _section(
        story, "Notes", record["notes"] and [p(_text(record["notes"]))], "No notes were taken."
    )

    breakout_parts = []
    for number, breakout in enumerate(record["breakouts"], 1):
        breakout_parts.append(p(_text(f"Breakout {number} · {breakout['minutes']} minutes"), "h3"))
        for group in breakout["groups"]:
            members = ", ".join(person["name"] for person in group["members"]) or "nobody"
            breakout_parts.append(p(f"<b>{_text(group['name'])}</b>: {_text(members)}"))
            breakout_parts.append(
                p(_text(group["notes"] or "No notes."), "body" if group["notes"] else "small")
            )
    _section(story, "Breakout groups", breakout_parts, "No breakout groups met.")

    # Who said it stays on the page of what they said (keepWithNext, cheaper than
    # KeepTogether for thousands of messages).
    transcript = []
    for m in record["transcript"]:
        transcript.append(
            p(_text(f"#{m['id']} · {_person(m['author'])} · {_when(m['created'])}"), "meta")
        )
        transcript.append(p(_text(m["body"])))
    _section(story, "Chat transcript", transcript, "Nobody wrote in this room.")
    return story


def _page_footer(canvas, document):
    regular, _ = _fonts()
    canvas.saveState()
    canvas.setFont(regular, 8)
    canvas.setFillColor(colors.HexColor("#444444"))
    canvas.drawString(document.leftMargin, 10 * mm, document.title)
    canvas.drawRightString(A4[0] - document.rightMargin, 10 * mm, f"Page {document.page}")
    canvas.restoreState()


def render(record):
    """The record (`workshops.record.build`) as the bytes of a PDF document."""
    buffer = io.BytesIO()
    title = f"Session record: {record['room']['title']}"
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="TwinHub",
        subject=record["room"]["page"]["title"] if record["room"]["page"] else "",
        lang="en",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    document.build(_story(record), onFirstPage=_page_footer, onLaterPages=_page_footer)
    return buffer.getvalue()
