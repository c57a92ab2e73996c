"""What RemediationPolicy adds to a successful request, next to azure-core's HeadersPolicy.

An in-memory transport answers 200 at once, so the figures are the policies' own cost, not the network's. Each
round times BATCH requests through three pipelines (interleaved, so drift hits all alike): none, HeadersPolicy
(with one header, as the azure-ai-inference client uses it), and RemediationPolicy. Medians over the rounds.

    .venv/bin/python benchmarks/bench_azure_policy.py [--rounds 30] [--batch 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from azure.core.pipeline import AsyncPipeline, Pipeline
from azure.core.pipeline.policies import HeadersPolicy
from azure.core.pipeline.transport import AsyncHttpTransport, HttpTransport
from azure.core.rest import HttpRequest

from inference_doctor.azure import AsyncRemediationPolicy, RemediationPolicy

URL = "https://contoso.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview"


class _Ok:
    status_code = 200
    headers: dict[str, str] = {}


class MemoryTransport(HttpTransport):  # type: ignore[type-arg]
    """Answers every request with a 200 at once."""

    def send(self, request: Any, **kwargs: Any) -> Any:
        return _Ok()

    def open(self) -> None: ...
    def close(self) -> None: ...
    def __exit__(self, *args: Any) -> None: ...


class AsyncMemoryTransport(AsyncHttpTransport):  # type: ignore[type-arg]
    """The async twin of MemoryTransport."""

    async def send(self, request: Any, **kwargs: Any) -> Any:
        return _Ok()

    async def open(self) -> None: ...
    async def close(self) -> None: ...
    async def __aexit__(self, *args: Any) -> None: ...


def per_request_sync(pipeline: Pipeline[Any, Any], batch: int) -> float:
    request = HttpRequest("POST", URL, content=b"{}")
    start = time.perf_counter()
    for _ in range(batch):
        pipeline.run(request)
    return (time.perf_counter() - start) / batch


async def per_request_async(pipeline: AsyncPipeline[Any, Any], batch: int) -> float:
    request = HttpRequest("POST", URL, content=b"{}")
    start = time.perf_counter()
    for _ in range(batch):
        await pipeline.run(request)
    return (time.perf_counter() - start) / batch


def report(title: str, samples: dict[str, list[float]]) -> None:
    """Medians per request, and the added cost as the median of per-round differences (robust to drift)."""
    medians = {k: statistics.median(v) for k, v in samples.items()}
    base = medians["none"]
    added = {
        k: statistics.median(a - b for a, b in zip(v, samples["none"], strict=True))
        for k, v in samples.items()
    }
    headers_cost, policy_cost = added["HeadersPolicy"], added["RemediationPolicy"]
    print(f"\n{title}")
    for name, value in medians.items():
        print(f"  {name:<18} {value * 1e6:8.2f} µs/request   added {added[name] * 1e6:6.2f} µs")
    print(f"  RemediationPolicy / no policy      : {medians['RemediationPolicy'] / base:5.3f}x")
    print(
        f"  RemediationPolicy / HeadersPolicy  : {medians['RemediationPolicy'] / medians['HeadersPolicy']:5.3f}x"
    )
    if headers_cost > 0:
        print(f"  added cost vs HeadersPolicy's added cost: {policy_cost / headers_cost:5.2f}x")


def run(rounds: int, batch: int) -> None:
    headers = {"x-ms-client-request-id": "bench"}
    sync_pipelines: dict[str, Callable[[], float]] = {}
    for name, policies in (
        ("none", []),
        ("HeadersPolicy", [HeadersPolicy(base_headers=headers)]),
        ("RemediationPolicy", [RemediationPolicy()]),
    ):
        pipeline: Pipeline[Any, Any] = Pipeline(MemoryTransport(), policies)
        sync_pipelines[name] = functools.partial(per_request_sync, pipeline, batch)
    samples: dict[str, list[float]] = {name: [] for name in sync_pipelines}
    for fn in sync_pipelines.values():
        fn()  # warm-up
    for _ in range(rounds):
        for name in random.sample(list(sync_pipelines), len(sync_pipelines)):  # no fixed order within a round
            samples[name].append(sync_pipelines[name]())
    report(f"sync, {rounds} rounds x {batch} requests (median per request)", samples)

    async def run_async() -> dict[str, list[float]]:
        pipelines = {
            "none": AsyncPipeline(AsyncMemoryTransport(), []),
            "HeadersPolicy": AsyncPipeline(AsyncMemoryTransport(), [HeadersPolicy(base_headers=headers)]),
            "RemediationPolicy": AsyncPipeline(AsyncMemoryTransport(), [AsyncRemediationPolicy()]),
        }
        found: dict[str, list[float]] = {name: [] for name in pipelines}
        for p in pipelines.values():
            await per_request_async(p, batch)
        for _ in range(rounds):
            for name in random.sample(list(pipelines), len(pipelines)):
                found[name].append(await per_request_async(pipelines[name], batch))
        return found

    report(f"async, {rounds} rounds x {batch} requests (median per request)", asyncio.run(run_async()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--batch", type=int, default=5000)
    args = parser.parse_args()
    run(args.rounds, args.batch)


if __name__ == "__main__":
    main()
