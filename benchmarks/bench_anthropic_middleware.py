"""What the anthropic remediation middleware adds to a successful request.

Runs the same message through four AnthropicFoundry clients in the same process, in rotating rounds: one without
middleware, two with a middleware that only passes the call on (anthropic switches to its middleware path, with
raw responses, as soon as any middleware is attached: that cost is anthropic's, whatever the middleware does), and
one with `RemediationMiddleware`. It prints the median time per request and the median paired ratios:

- remediation / pass-through: what inference-doctor's middleware itself adds;
- pass-through / pass-through (the second one): the noise floor, a difference smaller than that is none;
- remediation / none: all that attaching it costs, anthropic's middleware path included.

The transport is an in-memory MockTransport of the HTTP library the installed anthropic runs on, not a socket, on
purpose: on a 200 the middleware does one status check, so against a network round trip the difference would
drown in noise; here the denominator is only anthropic's and the HTTP library's own work, the worst case.

    python benchmarks/bench_anthropic_middleware.py [--rounds 100] [--requests 30]
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import time
from typing import Any

import anthropic
import anthropic._base_client

from inference_doctor.anthropic import RemediationMiddleware

HTTP: Any = importlib.import_module("httpx2" if hasattr(anthropic._base_client, "httpx2") else "httpx")
MESSAGE = json.dumps(
    {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-6",
        "content": [{"type": "text", "text": "hello"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }
).encode()
HEADERS = {"content-type": "application/json", "apim-request-id": "00000000-0000-0000-0000-000000000000"}
MESSAGES = [{"role": "user", "content": "hi"}]


class PassThrough(anthropic.Middleware):
    """A middleware that only passes the call on."""

    def handle(self, request: Any, call_next: Any) -> Any:
        return call_next(request)


def make_client(middleware: list[Any]) -> anthropic.AnthropicFoundry:
    """An AnthropicFoundry client over an in-memory transport answering 200."""
    transport = HTTP.MockTransport(lambda request: HTTP.Response(200, headers=HEADERS, content=MESSAGE))
    return anthropic.AnthropicFoundry(
        resource="contoso-ai",
        api_key="0" * 32,
        http_client=HTTP.Client(transport=transport),
        max_retries=0,
        middleware=middleware,
    )


def per_request(client: anthropic.AnthropicFoundry, n: int) -> float:
    """Mean seconds per request over n requests."""
    create = client.messages.create
    start = time.perf_counter()
    for _ in range(n):
        create(model="claude-sonnet-4-6", max_tokens=16, messages=MESSAGES)  # type: ignore[arg-type]
    return (time.perf_counter() - start) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    clients = {
        "none": make_client([]),
        "pass": make_client([PassThrough()]),
        "pass2": make_client([PassThrough()]),
        "ours": make_client([RemediationMiddleware()]),
    }
    for client in clients.values():  # warm up
        per_request(client, 5)
    times: dict[str, list[float]] = {name: [] for name in clients}
    ratios: dict[str, list[float]] = {"ours/pass": [], "pass2/pass": [], "ours/none": []}
    names = list(clients)
    for round_number in range(args.rounds):
        shift = round_number % len(names)
        this_round = {}
        for name in names[shift:] + names[:shift]:
            this_round[name] = per_request(clients[name], args.requests)
            times[name].append(this_round[name])
        ratios["ours/pass"].append(this_round["ours"] / this_round["pass"])
        ratios["pass2/pass"].append(this_round["pass2"] / this_round["pass"])
        ratios["ours/none"].append(this_round["ours"] / this_round["none"])
    lib = HTTP.__name__
    print(
        f"anthropic {anthropic.__version__} over {lib}.MockTransport, {args.rounds} rounds x {args.requests}"
    )
    for name, label in (
        ("none", "no middleware"),
        ("pass", "pass-through"),
        ("ours", "RemediationMiddleware"),
    ):
        print(f"  {label:24} {statistics.median(times[name]) * 1e6:8.1f} us per request")
    for name, values in ratios.items():
        print(f"  {name:24} {statistics.median(values):8.3f}")


if __name__ == "__main__":
    main()
