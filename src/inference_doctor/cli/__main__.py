"""`python -m inference_doctor.cli`: the same as the `inference-doctor` command."""

from __future__ import annotations

from . import main

raise SystemExit(main())
