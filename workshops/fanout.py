"""One channel-layer subscription per room per server process.

A broadcast to a room of 500 would otherwise cross the channel layer's in-process
queue 500 times: one queue, one deserialisation, one `asyncio.wait` wake-up and one
dispatch per participant per frame, all on the process's one event loop. Here each
process puts one listener channel in the room's group; the listener receives each
event once and calls the handler of every consumer of that room in the process.
Rooms still span processes through the layer's group as before; only the fan-out
inside a process changes.
"""

import asyncio
import contextlib
import logging
import weakref

from channels.consumer import get_handler_name

try:
    from channels_redis.core import RedisChannelLayer as ListLayer
except ImportError:  # pragma: no cover - channels_redis is a dependency
    ListLayer = ()

logger = logging.getLogger(__name__)
STOP = "workshops.fanout.stop"

# A failed group send (a stale pooled connection after Redis restarted) is retried on a
# fresh connection after each of these pauses.
BROADCAST_RETRIES = (0.05, 0.25, 1.0)


def group_name(room_pk):
    """A room's channel-layer group, the same in every server process."""
    return f"workshop.{room_pk}"


async def send_retried(layer, group, message):
    """`group_send`, retried after each of `BROADCAST_RETRIES`; True if the layer took it."""
    for pause in (*BROADCAST_RETRIES, None):
        try:
            await layer.group_send(group, message)
            return True
        except Exception:
            if pause is None:
                logger.warning("Sending to %s failed after %d retries", group,
                               len(BROADCAST_RETRIES), exc_info=True)  # fmt: skip
                return False
            await asyncio.sleep(pause)
    return False


# A listener that cannot subscribe within this many seconds (Redis down or restarting)
# gives up, so a socket joining or leaving then is answered rather than left hanging.
START_TIMEOUT = 5

# Per event loop (tests run one loop each): {(layer id, group): RoomListener}
_listeners = weakref.WeakKeyDictionary()


class RoomListener:
    def __init__(self, layer, group):
        self.layer = layer
        self.group = group
        self.key = (id(layer), group)
        self.members = {}  # consumer -> None: insertion-ordered set
        self.ready = asyncio.get_running_loop().create_future()
        self.task = None
        self.channel = None

    async def start(self):
        try:
            async with asyncio.timeout(START_TIMEOUT):
                self.channel = await self.layer.new_channel()
                await self.layer.group_add(self.group, self.channel)
            self.task = asyncio.ensure_future(self._run())
        except BaseException as error:
            self.ready.set_exception(error)
            raise
        self.ready.set_result(None)

    async def _run(self):
        try:
            while True:
                event = await self.layer.receive(self.channel)
                if event["type"] == STOP:
                    return
                name = get_handler_name(event)
                for consumer in list(self.members):
                    try:
                        await getattr(consumer, name)(event)
                    except Exception:
                        logger.exception("Delivering %s to a participant failed", event["type"])
        except Exception:
            # The layer failed (Redis went away). Participants left connected would hear
            # nothing more; told the live connection is unavailable and closed (4503),
            # their clients reconnect and catch up from the stored messages (`?after=`),
            # so nothing is lost.
            logger.exception("The listener for %s failed; closing its sockets", self.group)
            registry = _registry()
            if registry.get(self.key) is self:
                del registry[self.key]
            for consumer in list(self.members):
                with contextlib.suppress(Exception):
                    await consumer.unavailable()

    async def stop(self):
        if self.task is not None:
            if isinstance(self.layer, ListLayer):
                # The list-based layer's receive() may be in the middle of the process's
                # one BZPOPMIN; cancelling that left the next receiver of the process
                # stalled (a consumer's disconnect took 0.75 s longer). A message to the
                # listener's own channel ends it between two receives instead.
                await self.layer.send(self.channel, {"type": STOP})
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(self.task), 10)
            # Cancelling a receive is how the pub/sub layer unsubscribes a channel.
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        if self.channel is not None:
            # Best effort: with Redis down there is no group to leave (pub/sub keeps groups
            # in the process; the list-based layer's membership expires by itself).
            try:
                async with asyncio.timeout(START_TIMEOUT):
                    await self.layer.group_discard(self.group, self.channel)
            except Exception:
                logger.warning("Could not leave %s cleanly", self.group, exc_info=True)


def _registry():
    loop = asyncio.get_running_loop()
    if loop not in _listeners:
        _listeners[loop] = {}
    return _listeners[loop]


async def join(layer, group, consumer):
    """Deliver the group's events to `consumer` (its handler for each event type)."""
    registry = _registry()
    key = (id(layer), group)
    listener = registry.get(key)
    if listener is None:
        listener = registry[key] = RoomListener(layer, group)
        listener.members[consumer] = None
        try:
            await listener.start()
        except BaseException:
            registry.pop(key, None)
            raise
        return
    listener.members[consumer] = None
    await asyncio.shield(listener.ready)


async def unavailable(layer, group, skip=None):
    """Close this process's sockets of the room (but `skip`) as the layer is unavailable."""
    listener = _registry().get((id(layer), group))
    if listener is None:
        return
    for consumer in list(listener.members):
        if consumer is not skip:
            with contextlib.suppress(Exception):
                await consumer.unavailable()


async def leave(layer, group, consumer):
    registry = _registry()
    key = (id(layer), group)
    listener = registry.get(key)
    if listener is None:
        return
    if consumer not in listener.members:
        return
    del listener.members[consumer]
    if not listener.members:
        # Out of the registry before the first await: a consumer joining meanwhile
        # starts a new listener rather than one that is stopping.
        del registry[key]
        try:
            await asyncio.shield(listener.ready)
        except Exception:  # noqa: BLE001 (it never started: nothing to stop)
            return
        await listener.stop()
