"""`serve_forever`: run the emulator in the foreground until interrupted (for `inference-doctor emulator`)."""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

from .config_file import load_config
from .defaults import default_config
from .model import EmulatorConfig
from .server import Emulator

__all__ = ["serve_forever"]


def describe(config: EmulatorConfig) -> list[str]:
    """One line per host the configuration serves."""
    lines: list[str] = []
    for r in config.resources:
        hosts = (
            f"{r.name}.openai.azure.com, {r.name}.cognitiveservices.azure.com, {r.name}.services.ai.azure.com"
            if r.custom_subdomain
            else f"{r.region}.api.cognitive.microsoft.com (key only)"
        )
        lines.append(f"  resource {r.name}: {hosts}; {len(r.deployments)} deployments, network {r.network}")
    lines += [f"  serverless: {s.host}" for s in config.serverless]
    lines += [f"  gateway: {g.host} -> {g.backend}" for g in config.gateways]
    lines += [f"  online endpoint: {o.host}" for o in config.online_endpoints]
    return lines


async def _serve(emulator: Emulator, print: Callable[[str], object], stop: threading.Event | None) -> None:
    async with emulator:
        print(f"inference-doctor emulator listening on {emulator.address}")
        print("Send requests with the Azure host in `Host` (the routing transports do this):")
        for line in describe(emulator.config):
            print(line)
        while stop is None or not stop.is_set():
            await asyncio.sleep(0.1)  # wakes up regularly so Ctrl-C is seen on every platform


def serve_forever(
    config: EmulatorConfig | str | Path | None = None,
    port: int = 0,
    print: Callable[[str], object] = builtins.print,
    *,
    stream_delay: float = 0.0,
    stop: threading.Event | None = None,
) -> None:
    """Serve on `127.0.0.1:<port>` until interrupted (Ctrl-C) or until `stop` is set; `config` may be a path
    to a JSON file."""
    if isinstance(config, str | Path):
        config = load_config(config)
    emulator = Emulator(config or default_config(), port=port, stream_delay=stream_delay)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(emulator, print, stop))
    print("inference-doctor emulator stopped")
