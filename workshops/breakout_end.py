"""Breakouts end on the server when their time is up, whoever is still connected.

Three things end an overdue breakout, whichever comes first: a timer in the server
process that started it; any frame, ping or connection in the main room or one of its
sub-rooms after the end time (each socket knows the deadline from its welcome or the
`breakout` frame); and `manage.py end_overdue_breakouts`, run from cron, for a server that
stopped meanwhile. Ending is one conditional UPDATE (`breakouts.end`), so only one of
them does it and announces it: the sub-rooms are told to go back (and close), the main
room gets the ended breakout with each group's notes.
"""

import asyncio
import logging
import time

from channels.db import database_sync_to_async

from . import breakouts, fanout

logger = logging.getLogger(__name__)
_timers = {}  # breakout id -> its timer in this process


def back_frame(breakout_id, main):
    """What a group's sub-room is told when the breakout ends: go back to the main room."""
    return {
        "type": "breakout",
        "breakout": {
            "id": breakout_id,
            "state": "ended",
            "parent": {"title": main.title, "url": main.get_absolute_url()},
        },
    }


def layer_sender(layer):
    """Send a frame to a room's group on `layer`, retried like the rooms' broadcasts."""
    from .consumers import _encode

    async def send(frame, event="room.frame", group=None, keep_self=True, **extra):
        message = {"type": event, "text": _encode(frame), **extra}
        return await fanout.send_retried(layer, group, message)

    return send


async def announce(send, ended):
    """Tell the sub-rooms (all at once) and then the main room that the breakout ended.
    `ended` is what `breakouts.end` returned: (main room, frame, sub-room ids)."""
    main, frame, subrooms = ended
    timer = _timers.pop(frame["id"], None)
    if timer is not None and timer is not asyncio.current_task():
        timer.cancel()  # ended before its time: the timer has nothing left to do
    back = back_frame(frame["id"], main)
    await asyncio.gather(
        *(
            send(back, event="room.closed", group=fanout.group_name(pk), keep_self=True)
            for pk in subrooms
        )
    )
    await send(
        {"type": "breakout", "breakout": frame},
        group=fanout.group_name(main.pk),
        keep_self=True,
        deadline=None,
    )


def schedule(layer, breakout_id, ends_at):
    """End the breakout at `ends_at` from this process, unless something ended it before."""

    async def wait_and_end():
        await asyncio.sleep(max(0.0, ends_at.timestamp() - time.time()))
        try:
            ended = await database_sync_to_async(breakouts.end_overdue_breakout)(breakout_id)
            if ended is not None:
                await announce(layer_sender(layer), ended)
        except Exception:
            logger.exception("Ending breakout %s on time failed", breakout_id)

    task = asyncio.ensure_future(wait_and_end())
    _timers[breakout_id] = task
    task.add_done_callback(
        lambda done: _timers.pop(breakout_id, None) if _timers.get(breakout_id) is done else None
    )
    return task
