"""WebSocket clients of the fan-out benchmark: one process holds many connections; bench/fanout.py starts several.

Driven over stdin and stdout, one JSON object a line:

- prints `{"ready": true}`, then waits for `connect`;
- opens its clients, at most `--in-flight` handshakes at a time, spread over `--urls` by global client index,
  and prints `{"connected": n, "failed": f, "errors": {...}, "started": t, "finished": t}`;
- for every announcement (payload `seq` and `sent_at`, epoch seconds), once each open client has it, prints
  `{"done": seq}`;
- on `report`, prints the latencies and counts, closes its connections and exits.

It stops by itself after `--deadline` seconds whatever happens, so a stuck run cannot outlive the benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from collections import Counter
from urllib.parse import urlsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

CLOSE_TIMEOUT = 10  # seconds for all of this process's connections to close


def emit(**message) -> None:
    print(json.dumps(message), flush=True)


async def command(expected: str) -> None:
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    if line.strip() != expected:
        raise SystemExit(f"ws_client: expected {expected!r}, got {line!r}")


class Clients:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.connections: list[ClientConnection] = []
        self.errors: Counter[str] = Counter()
        self.handshake_ms: list[float] = []
        self.latencies_ms: list[float] = []
        self.received: Counter[int] = Counter()  # seq -> clients that have it
        self.done: set[int] = set()
        self.duplicates = 0
        self.dropped = 0  # closed by the server or the network before the report
        self.unexpected = 0  # messages that are not the benchmark's announcements
        self.closing = False

    async def open(self, index: int, in_flight: asyncio.Semaphore) -> None:
        url = self.args.urls[index % len(self.args.urls)]
        async with in_flight:
            started = time.perf_counter()
            try:
                # Origin as a browser on the page would send it; AllowedHostsOriginValidator checks it.
                connection = await connect(
                    url,
                    origin=f"http://{urlsplit(url).netloc}",
                    open_timeout=self.args.open_timeout,
                    ping_interval=None,  # the server's pings are answered; ours would only add load
                    max_queue=None,
                )
            except InvalidStatus as error:
                self.errors[f"HTTP {error.response.status_code}"] += 1
                return
            except Exception as error:  # timeouts, resets, refused: each one is a failed handshake
                self.errors[type(error).__name__] += 1
                return
            self.handshake_ms.append((time.perf_counter() - started) * 1000)
        self.connections.append(connection)

    async def read(self, connection: ClientConnection) -> None:
        seen: set[int] = set()
        try:
            async for text in connection:
                now = time.time()
                event = json.loads(text)
                seq = event.get("payload", {}).get("seq") if event.get("type") == "announcement.published" else None
                if seq is None:
                    self.unexpected += 1
                elif seq in seen:
                    self.duplicates += 1
                else:
                    seen.add(seq)
                    self.latencies_ms.append((now - event["payload"]["sent_at"]) * 1000)
                    self.received[seq] += 1
                    self.check_done(seq)
        except ConnectionClosed:
            pass
        if not self.closing:
            self.dropped += 1
            for seq in list(self.received):
                self.check_done(seq)

    def check_done(self, seq: int) -> None:
        if seq not in self.done and self.received[seq] + self.dropped >= len(self.connections):
            self.done.add(seq)
            emit(done=seq)


async def run(args: argparse.Namespace) -> None:
    clients = Clients(args)
    emit(ready=True)
    await command("connect")
    started = time.time()
    in_flight = asyncio.Semaphore(args.in_flight)
    await asyncio.gather(*(clients.open(args.first + i, in_flight) for i in range(args.clients)))
    emit(
        connected=len(clients.connections),
        failed=sum(clients.errors.values()),
        errors=clients.errors,
        started=started,
        finished=time.time(),
    )
    readers = [asyncio.create_task(clients.read(connection)) for connection in clients.connections]
    await command("report")
    clients.closing = True
    emit(
        latencies_ms=[round(ms, 3) for ms in clients.latencies_ms],
        handshake_ms=[round(ms, 3) for ms in clients.handshake_ms],
        received=sum(clients.received.values()),
        duplicates=clients.duplicates,
        dropped=clients.dropped,
        unexpected=clients.unexpected,
    )
    if clients.connections:
        await asyncio.wait([asyncio.create_task(c.close()) for c in clients.connections], timeout=CLOSE_TIMEOUT)
    for reader in readers:
        reader.cancel()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", nargs="+", required=True, help="WebSocket URLs, one per server worker")
    parser.add_argument("--clients", type=int, required=True, help="connections this process opens")
    parser.add_argument("--first", type=int, default=0, help="global index of this process's first client")
    parser.add_argument("--in-flight", type=int, default=100, help="handshakes at a time in this process")
    parser.add_argument("--open-timeout", type=float, default=30, help="seconds for one handshake")
    parser.add_argument("--deadline", type=float, default=600, help="seconds before this process gives up")
    args = parser.parse_args()
    # One descriptor per connection: thousands of them.
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    try:
        asyncio.run(asyncio.wait_for(run(args), timeout=args.deadline))
    except TimeoutError:
        sys.exit(f"ws_client: gave up after {args.deadline:.0f} s")


if __name__ == "__main__":
    main()
