"""A redis-server of a test's own, on a spare port, that the test may kill and restart.

Fault tests never touch the shared Redis: they start this one, point the channel layer
(and, for server processes, REDIS_URL) at it, and kill only it.
"""

import shutil
import socket
import subprocess
import time

from .servers import free_port

REDIS_SERVER = shutil.which("redis-server")


class RedisServer:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout=20):
        self.process = subprocess.Popen(  # noqa: S603 (our own fixed command)
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ping():
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def ping(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self):
        """Kill -9: what a crash or an out-of-memory kill does; every connection breaks."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None

    def restart(self):
        self.kill()
        return self.start()

    stop = kill
