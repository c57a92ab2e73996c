"""What the openai remediation hook adds to a successful request.

Runs the same chat completion through three AzureOpenAI clients in the same process, one with the hook and two
without, in rotating rounds (so drift, GC, CPU frequency changes and other processes hit all of them alike), and
prints the median time per request, the median paired ratio with/without, the same ratio between the two clients
without the hook (the noise floor: a difference smaller than that is not a difference), and the hook's own cost
on a 200 measured alone.

The transport is `httpx.MockTransport` (and httpx2's when installed), not a loopback server, on purpose: on a 200
the hook does one status check, well under a microsecond, while a loopback round trip costs tens to hundreds of
microseconds with jitter of the same order. Against a socket the difference would drown in noise; against an
in-memory transport the denominator is only openai's and httpx's own per-request work, so the ratio printed is the
worst case a real network can only dilute.

    python benchmarks/bench_openai_hook.py [--rounds 150] [--requests 40]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import timeit
from collections.abc import Callable
from typing import Any

import httpx
import openai

from inference_doctor.openai import remediation_hooks

COMPLETION = json.dumps(
    {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o-mini",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": "hello"}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
).encode()
HEADERS = {"content-type": "application/json", "apim-request-id": "00000000-0000-0000-0000-000000000000"}
MESSAGES = [{"role": "user", "content": "hi"}]


def make_client(lib: Any, hooked: bool) -> openai.AzureOpenAI:
    """An AzureOpenAI client over an in-memory transport answering 200."""
    transport = lib.MockTransport(lambda request: lib.Response(200, headers=HEADERS, content=COMPLETION))
    hooks = remediation_hooks() if hooked else {}
    http = lib.Client(transport=transport, event_hooks=hooks)
    return openai.AzureOpenAI(
        azure_endpoint="https://contoso-ai.openai.azure.com",
        api_key="0" * 32,
        api_version="2024-10-21",
        http_client=http,
        max_retries=0,
    )


def per_request(client: openai.AzureOpenAI, n: int) -> float:
    """Mean seconds per request over n requests."""
    create = client.chat.completions.create
    start = time.perf_counter()
    for _ in range(n):
        create(model="gpt-4o-mini", messages=MESSAGES)  # type: ignore[arg-type]
    return (time.perf_counter() - start) / n


def compare(lib: Any, rounds: int, n: int) -> tuple[float, float, float, float]:
    """Median per-request seconds without and with the hook, and the median paired ratios hooked/plain and
    control/plain (a second client without the hook: the noise floor of the measurement).

    Each round times the three clients back to back, in a rotating order, and the ratios are taken per round,
    so that load from other processes affects both sides of each ratio alike.
    """
    plain, control, hooked = make_client(lib, False), make_client(lib, False), make_client(lib, True)
    clients = [plain, control, hooked]
    for client in clients:
        per_request(client, n)  # warm up
    times: dict[int, list[float]] = {0: [], 1: [], 2: []}
    for i in range(rounds):
        for k in (i % 3, (i + 1) % 3, (i + 2) % 3):
            times[k].append(per_request(clients[k], n))
    ratios = [h / p for p, h in zip(times[0], times[2], strict=True)]
    controls = [c / p for p, c in zip(times[0], times[1], strict=True)]
    return (
        statistics.median(times[0]),
        statistics.median(times[2]),
        statistics.median(ratios),
        statistics.median(controls),
    )


def hook_alone(lib: Any) -> float:
    """Seconds the hook itself takes on an unread 200 response."""
    hook: Callable[[Any], None] = remediation_hooks()["response"][0]
    request = lib.Request("POST", "https://contoso-ai.openai.azure.com/openai/deployments/d/chat/completions")
    response = lib.Response(200, headers=HEADERS, stream=lib.ByteStream(COMPLETION), request=request)
    number = 200_000
    return min(timeit.repeat(lambda: hook(response), number=number, repeat=5)) / number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=150)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args(argv)

    libs: list[tuple[str, Any]] = [("httpx", httpx)]
    try:
        import httpx2

        libs.append(("httpx2", httpx2))
    except ImportError:
        pass

    print(
        f"openai {openai.__version__}; {args.rounds} rounds of {args.requests} requests per client, order rotating"
    )
    worst = 0.0
    for name, lib in libs:
        plain, hooked, ratio, control = compare(lib, args.rounds, args.requests)
        worst = max(worst, ratio)
        alone = hook_alone(lib)
        print(
            f"{name:7} median without hook {plain * 1e6:7.1f} us/request, with hook {hooked * 1e6:7.1f} us/request\n"
            f"        paired ratio with/without {ratio:.4f} ({(ratio - 1) * 100:+.2f}%); "
            f"control (without/without, the noise floor) {control:.4f} ({(control - 1) * 100:+.2f}%)\n"
            f"        the hook alone on a 200: {alone * 1e9:.0f} ns ({alone / plain * 100:.3f}% of a request)"
        )
    print(f"target: under 2% added per successful request -> {'met' if worst < 1.02 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
