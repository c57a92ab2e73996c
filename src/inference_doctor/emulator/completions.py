"""Successful answers: chat completions (plain and streamed), embeddings, responses and model info."""

from __future__ import annotations

import base64
import json
import struct
import time
import uuid

__all__ = [
    "REPLY_TEXT",
    "chat_completion",
    "chat_events",
    "embeddings",
    "message",
    "message_events",
    "model_info",
    "response",
]

REPLY_TEXT = "Hello from the inference-doctor emulator."
"""The assistant's answer to every chat request."""

_PIECES = ("Hello", " from the", " inference-doctor", " emulator.")
EMBEDDING_SIZE = 8


def _usage(prompt: int, completion: int) -> dict[str, int]:
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def chat_completion(model: str) -> dict[str, object]:
    """A non-streamed chat completion."""
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": REPLY_TEXT},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": _usage(9, len(_PIECES)),
    }


def _chunk(ident: str, created: int, model: str, delta: dict[str, str], finish: str | None) -> bytes:
    payload = {
        "id": ident,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
    }
    return b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"


def chat_events(model: str) -> tuple[bytes, ...]:
    """The server-sent events of a streamed chat completion, ending with `data: [DONE]`."""
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    first = _chunk(ident, created, model, {"role": "assistant", "content": ""}, None)
    middle = tuple(_chunk(ident, created, model, {"content": piece}, None) for piece in _PIECES)
    last = _chunk(ident, created, model, {}, "stop")
    return (first, *middle, last, b"data: [DONE]\n\n")


def _vector(text: str) -> list[float]:
    seed = sum(text.encode()) or 1
    return [round(((seed * (i + 7)) % 97) / 97.0, 6) for i in range(EMBEDDING_SIZE)]


def embeddings(model: str, inputs: list[str], encoding_format: str | None) -> dict[str, object]:
    """An embeddings result; base64 (little-endian float32) when the caller asked for it, as openai does."""
    data: list[dict[str, object]] = []
    for index, text in enumerate(inputs):
        vector = _vector(text)
        value: object = vector
        if encoding_format == "base64":
            value = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
        data.append({"object": "embedding", "index": index, "embedding": value})
    tokens = sum(len(text.split()) for text in inputs)
    return {
        "id": f"emb-{uuid.uuid4().hex}",
        "object": "list",
        "data": data,
        "model": model,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


def response(model: str) -> dict[str, object]:
    """A completed Responses API answer."""
    return {
        "id": f"resp_{uuid.uuid4().hex}",
        "object": "response",
        "created_at": int(time.time()),
        "status": "completed",
        "model": model,
        "output": [
            {
                "type": "message",
                "id": f"msg_{uuid.uuid4().hex}",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "output_text", "text": REPLY_TEXT, "annotations": []}],
            }
        ],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": {
            "input_tokens": 9,
            "output_tokens": len(_PIECES),
            "total_tokens": 9 + len(_PIECES),
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens_details": {"reasoning_tokens": 0},
        },
    }


def model_info(model: str, provider: str, model_type: str) -> dict[str, object]:
    """The model-info answer of `GET /info`."""
    return {"model_name": model, "model_type": model_type, "model_provider_name": provider}


def message(model: str) -> dict[str, object]:
    """A non-streamed answer of Anthropic's Messages API (`POST /anthropic/v1/messages`)."""
    return {
        "id": f"msg_{uuid.uuid4().hex[:24]}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": REPLY_TEXT}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 9, "output_tokens": len(_PIECES)},
    }


def _event(name: str, payload: dict[str, object]) -> bytes:
    return f"event: {name}\ndata: ".encode() + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"


def message_events(model: str) -> tuple[bytes, ...]:
    """The server-sent events of a streamed message, in the order Anthropic's Messages API sends them."""
    start = message(model)
    start.update(content=[], stop_reason=None, usage={"input_tokens": 9, "output_tokens": 1})
    deltas = tuple(
        _event(
            "content_block_delta",
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}},
        )
        for piece in _PIECES
    )
    return (
        _event("message_start", {"type": "message_start", "message": start}),
        _event(
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        ),
        _event("ping", {"type": "ping"}),
        *deltas,
        _event("content_block_stop", {"type": "content_block_stop", "index": 0}),
        _event(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": len(_PIECES)},
            },
        ),
        _event("message_stop", {"type": "message_stop"}),
    )
