"""Schemathesis hooks for the robustness run (test/robustness/schemathesis.sh).

The run authenticates with the seeded owner API key (AGENTOBS_API_KEY). Revoking that key would turn
every later request into a 401 and silently end the useful part of the run, so DELETE /api/v1/api-keys/{id}
is still exercised with every generated or linked id except that one key's (AGENTOBS_SEED_KEY_ID), which is
swapped for a fresh random UUID (a 404, which the document lists).

Hypothesis draws tiny header values ("0", "00", …) over and over; as Idempotency-Keys they would collide
across unrelated requests and turn most POSTs into 422 `idempotency_key_reused` (documented, but it keeps
the run from reaching the handlers). Keys shorter than 8 characters are made unique; the boundary values
(empty, 255, 256 characters) go through unchanged. Nothing else is filtered: every failure of a check
fails the run.
"""
import os
import uuid

import schemathesis

SEED_KEY_ID = os.environ.get("AGENTOBS_SEED_KEY_ID", "")


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and isinstance(headers[name], str) and 0 < len(headers[name]) < 8:
            headers[name] = f"st-{uuid.uuid4()}"
    if case.operation.method.upper() == "DELETE" and case.operation.path == "/api/v1/api-keys/{id}":
        if SEED_KEY_ID and str((case.path_parameters or {}).get("id", "")).lower() == SEED_KEY_ID.lower():
            case.path_parameters["id"] = str(uuid.uuid4())
