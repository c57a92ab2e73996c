"""`python -m inference_doctor`: the same as the `inference-doctor` command."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
