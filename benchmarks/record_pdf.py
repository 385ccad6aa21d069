"""How long the session record's PDF takes to draw, and how large it is, for records of a
growing size: N chat messages (with a question and a written answer every tenth), 5 polls,
20 outcomes, and notes. No database: the record's structure is made here as
`workshops.record.build` returns it, so the figures are ReportLab's alone.

    DJANGO_SETTINGS_MODULE=config.settings.test python benchmarks/record_pdf.py [N ...]
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from workshops import record_pdf  # noqa: E402

WHEN = "2026-12-01T10:00:00+00:00"


def person(n):
    return {"id": n, "name": f"Participant {n}", "city": ["Umeå", "Łódź", "Kobe"][n % 3],
            "organisation": ""}  # fmt: skip


def record(messages):
    transcript, questions = [], []
    for n in range(1, messages + 1):
        body = f"Message {n}: how the permit for the electrolyser was granted in {n % 40} weeks."
        transcript.append({"id": n, "kind": "chat", "author": person(n % 50), "body": body,
                           "created": WHEN})  # fmt: skip
        if n % 10 == 0:
            questions.append({"id": n, "body": body + "?", "author": person(n % 50), "votes": 3,
                              "answered": True, "answer": {"body": "Answered in writing. " * 5,
                              "by": person(0), "created": WHEN}})  # fmt: skip
    return {
        "room": {"title": "Hydrogen bus workshop", "url": "/workshops/h2/",
                 "page": {"title": "Hydrogen buses", "url": "/webinars/h2/"}},
        "status": {"value": "ended", "label": "Ended", "starts_at": WHEN, "ends_at": WHEN},
        "opened_at": WHEN, "closed_at": WHEN,
        "attendance": [{"city": "Umeå", "people": [person(n) for n in range(50)]}],
        "agenda": [{"id": n, "title": f"Item {n}", "minutes": 10, "planned_start": WHEN,
                    "started_at": WHEN} for n in range(8)],
        "polls": [{"id": n, "question": f"Poll {n}?", "multiple": False, "anonymous": False,
                   "results": "live", "state": "closed", "voters": 50,
                   "options": [{"id": o, "label": f"Option {o}", "votes": 10,
                                "chosen_by": [person(p) for p in range(10)]}
                               for o in range(5)]} for n in range(5)],
        "questions": questions,
        "decisions": [{"kind": "decision", "text": f"Decision {n}"} for n in range(10)],
        "action_items": [{"kind": "action", "text": f"Action {n}", "owner_name": "Ada",
                          "owner": person(1), "due": "2027-02-01", "planned": False}
                         for n in range(10)],
        "notes": "A line of the shared notes.\n" * 200,
        "breakouts": [],
        "transcript": transcript,
    }  # fmt: skip


def main(sizes):
    print(f"load average at start: {os.getloadavg()}")
    record_pdf.render(record(10))  # fonts registered, modules warm
    for size in sizes:
        data = record(size)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            pdf = record_pdf.render(data)
            times.append(time.perf_counter() - start)
        median, low, high = statistics.median(times), min(times), max(times)
        print(f"{size:>6} messages: median {median:.2f} s (min {low:.2f}, max {high:.2f}), "
              f"{len(pdf) / 1024:.0f} KB")  # fmt: skip
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100, 1000, 5000])
