"""A plain Notifications API listener for the simulator tests (independent of the pipeline's client).

``Listener`` creates a channel with a bearer token, subscribes topics (``PUT``), connects the WebSocket
at ``connectUri`` and collects every message on a thread. ``resolve`` turns any of the agent-schedule
query's three answers (inline ``result``, ``downloadUrl``, or ``Processing`` + notification) into the
result payload, so a test reads the data the same way whichever answer the size produced.
"""

from __future__ import annotations

import threading
import time

import httpx
import orjson
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

SCHEDULE_QUERY = "v2.workforcemanagement.users.{id}.schedules.query"
MU_SEARCH = "v2.users.{id}.workforcemanagement.agentschedules.managementunit.search.complete"
BU_SEARCH = "v2.workforcemanagement.users.{id}.schedules.search"


class Listener:
    def __init__(self, api_base_url: str, token: str, topics: list[str]):
        self.base, self.headers = api_base_url, {"Authorization": f"Bearer {token}"}
        self.topics = topics
        response = httpx.post(f"{self.base}/api/v2/notifications/channels", headers=self.headers, timeout=30)
        assert response.status_code == 200, response.text
        self.channel = response.json()
        answer = self.subscriptions("PUT", [{"id": t} for t in topics])
        assert answer.status_code == 200, answer.text
        self.messages: list[dict] = []
        self.closed = threading.Event()
        self._arrived = threading.Condition()
        self.ws = connect(self.channel["connectUri"], ping_interval=None, legacy=True)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def subscriptions(self, method: str, body=None, **params) -> httpx.Response:
        path = f"{self.base}/api/v2/notifications/channels/{self.channel['id']}/subscriptions"
        return httpx.request(method, path, headers=self.headers, json=body, params=params or None, timeout=30)

    def _read(self) -> None:
        try:
            while True:
                message = orjson.loads(self.ws.recv())
                with self._arrived:
                    self.messages.append(message)
                    self._arrived.notify_all()
        except ConnectionClosed:
            pass
        finally:
            self.closed.set()
            with self._arrived:
                self._arrived.notify_all()

    def wait(self, match, timeout: float = 10) -> dict | None:
        """The first message for which ``match(message)`` is true, or None after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = next((m for m in self.messages if match(m)), None)
                left = deadline - time.monotonic()
                if found is not None or left <= 0:
                    return found
                self._arrived.wait(left)

    def event(self, operation_id: str, timeout: float = 10) -> dict | None:
        """The eventBody announcing ``operation_id`` on one of the topics."""
        found = self.wait(
            lambda m: m.get("topicName") in self.topics and m["eventBody"].get("operationId") == operation_id,
            timeout,
        )
        return found and found["eventBody"]

    def close(self) -> None:
        self.ws.close()
        self._thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def listener_for(org: dict, token: str) -> Listener:
    """A listener on the agent-schedule result topics (query, MU and BU search) of one simulated org (its OAuth
    client id)."""
    topics = [t.format(id=org["client_id"]) for t in (SCHEDULE_QUERY, MU_SEARCH, BU_SEARCH)]
    return Listener(org["api_base_url"], token, topics)


def resolve(answer: dict, listener: Listener, timeout: float = 10) -> dict:
    """The result payload of an agent-schedule query or search answer, whichever of the three it is."""
    if answer.get("result") is not None:
        return answer["result"]
    if answer["status"] == "Processing":
        assert "result" not in answer and "downloadUrl" not in answer, answer
        event = listener.event(answer["operationId"], timeout)
        assert event is not None, f"no notification for operation {answer['operationId']}"
        url = event["downloadUrl"]
    else:
        assert answer["status"] == "Complete", answer
        url = answer["downloadUrl"]
    response = httpx.get(url, timeout=30)  # pre-signed: no Authorization header
    assert response.status_code == 200, response.status_code
    return response.json()
