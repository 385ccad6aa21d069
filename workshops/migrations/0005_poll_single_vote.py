from django.conf import settings
from django.db import migrations, models


def mark_single_votes(apps, schema_editor):
    """Votes in single-choice polls become `single`; a participant who got two in (two
    tabs voting at once) keeps the later one."""
    PollVote = apps.get_model("workshops", "PollVote")
    votes = PollVote.objects.filter(poll__multiple=False).order_by(
        "poll", "user", "-created", "-pk"
    )
    seen, extra = set(), []
    for pk, poll_id, user_id in votes.values_list("pk", "poll_id", "user_id"):
        if (poll_id, user_id) in seen:
            extra.append(pk)
        seen.add((poll_id, user_id))
    PollVote.objects.filter(pk__in=extra).delete()
    PollVote.objects.filter(poll__multiple=False).update(single=True)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0004_merge_outcome_planned_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="pollvote",
            name="single",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_single_votes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="pollvote",
            constraint=models.UniqueConstraint(
                condition=models.Q(("single", True)),
                fields=("poll", "user"),
                name="workshop_poll_single_vote",
            ),
        ),
    ]
