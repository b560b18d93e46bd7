import datetime
from http import HTTPStatus
from typing import Any, Optional, Union

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_dto import ProblemDto
from ...models.span_kind import SpanKind
from ...models.span_status import SpanStatus
from ...models.trace_page import TracePage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, SpanStatus] = UNSET,
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    name: Union[Unset, str] = UNSET,
    kind: Union[Unset, SpanKind] = UNSET,
    model: Union[Unset, str] = UNSET,
    min_duration_ms: Union[Unset, float] = UNSET,
    min_cost_usd: Union[Unset, float] = UNSET,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    json_status: Union[Unset, str] = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_from_: Union[Unset, str] = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: Union[Unset, str] = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    params["name"] = name

    json_kind: Union[Unset, str] = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    params["model"] = model

    params["minDurationMs"] = min_duration_ms

    params["minCostUsd"] = min_cost_usd

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/traces",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[ProblemDto, TracePage]]:
    if response.status_code == 200:
        response_200 = TracePage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDto.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDto.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDto.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = ProblemDto.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ProblemDto.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Response[Union[ProblemDto, TracePage]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, SpanStatus] = UNSET,
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    name: Union[Unset, str] = UNSET,
    kind: Union[Unset, SpanKind] = UNSET,
    model: Union[Unset, str] = UNSET,
    min_duration_ms: Union[Unset, float] = UNSET,
    min_cost_usd: Union[Unset, float] = UNSET,
) -> Response[Union[ProblemDto, TracePage]]:
    """Traces, newest first

     Filters, combined: `status`, start time (`from` inclusive, `to` exclusive), `name` (substring of the
    root span's name, case-insensitive), `kind` (the root span's), `model` (used by any span),
    `minDurationMs`, `minCostUsd`. Keep the same filters when following `nextCursor`. A bad filter value
    → 400 `validation_failed`.

    Args:
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):
        status (Union[Unset, SpanStatus]):
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):
        name (Union[Unset, str]):  Example: checkout.
        kind (Union[Unset, SpanKind]):
        model (Union[Unset, str]):  Example: gpt-4o-mini.
        min_duration_ms (Union[Unset, float]):  Example: 1000.
        min_cost_usd (Union[Unset, float]):  Example: 0.01.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ProblemDto, TracePage]]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        status=status,
        from_=from_,
        to=to,
        name=name,
        kind=kind,
        model=model,
        min_duration_ms=min_duration_ms,
        min_cost_usd=min_cost_usd,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, SpanStatus] = UNSET,
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    name: Union[Unset, str] = UNSET,
    kind: Union[Unset, SpanKind] = UNSET,
    model: Union[Unset, str] = UNSET,
    min_duration_ms: Union[Unset, float] = UNSET,
    min_cost_usd: Union[Unset, float] = UNSET,
) -> Optional[Union[ProblemDto, TracePage]]:
    """Traces, newest first

     Filters, combined: `status`, start time (`from` inclusive, `to` exclusive), `name` (substring of the
    root span's name, case-insensitive), `kind` (the root span's), `model` (used by any span),
    `minDurationMs`, `minCostUsd`. Keep the same filters when following `nextCursor`. A bad filter value
    → 400 `validation_failed`.

    Args:
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):
        status (Union[Unset, SpanStatus]):
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):
        name (Union[Unset, str]):  Example: checkout.
        kind (Union[Unset, SpanKind]):
        model (Union[Unset, str]):  Example: gpt-4o-mini.
        min_duration_ms (Union[Unset, float]):  Example: 1000.
        min_cost_usd (Union[Unset, float]):  Example: 0.01.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ProblemDto, TracePage]
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        status=status,
        from_=from_,
        to=to,
        name=name,
        kind=kind,
        model=model,
        min_duration_ms=min_duration_ms,
        min_cost_usd=min_cost_usd,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, SpanStatus] = UNSET,
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    name: Union[Unset, str] = UNSET,
    kind: Union[Unset, SpanKind] = UNSET,
    model: Union[Unset, str] = UNSET,
    min_duration_ms: Union[Unset, float] = UNSET,
    min_cost_usd: Union[Unset, float] = UNSET,
) -> Response[Union[ProblemDto, TracePage]]:
    """Traces, newest first

     Filters, combined: `status`, start time (`from` inclusive, `to` exclusive), `name` (substring of the
    root span's name, case-insensitive), `kind` (the root span's), `model` (used by any span),
    `minDurationMs`, `minCostUsd`. Keep the same filters when following `nextCursor`. A bad filter value
    → 400 `validation_failed`.

    Args:
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):
        status (Union[Unset, SpanStatus]):
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):
        name (Union[Unset, str]):  Example: checkout.
        kind (Union[Unset, SpanKind]):
        model (Union[Unset, str]):  Example: gpt-4o-mini.
        min_duration_ms (Union[Unset, float]):  Example: 1000.
        min_cost_usd (Union[Unset, float]):  Example: 0.01.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ProblemDto, TracePage]]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        status=status,
        from_=from_,
        to=to,
        name=name,
        kind=kind,
        model=model,
        min_duration_ms=min_duration_ms,
        min_cost_usd=min_cost_usd,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, SpanStatus] = UNSET,
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
    name: Union[Unset, str] = UNSET,
    kind: Union[Unset, SpanKind] = UNSET,
    model: Union[Unset, str] = UNSET,
    min_duration_ms: Union[Unset, float] = UNSET,
    min_cost_usd: Union[Unset, float] = UNSET,
) -> Optional[Union[ProblemDto, TracePage]]:
    """Traces, newest first

     Filters, combined: `status`, start time (`from` inclusive, `to` exclusive), `name` (substring of the
    root span's name, case-insensitive), `kind` (the root span's), `model` (used by any span),
    `minDurationMs`, `minCostUsd`. Keep the same filters when following `nextCursor`. A bad filter value
    → 400 `validation_failed`.

    Args:
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):
        status (Union[Unset, SpanStatus]):
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):
        name (Union[Unset, str]):  Example: checkout.
        kind (Union[Unset, SpanKind]):
        model (Union[Unset, str]):  Example: gpt-4o-mini.
        min_duration_ms (Union[Unset, float]):  Example: 1000.
        min_cost_usd (Union[Unset, float]):  Example: 0.01.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ProblemDto, TracePage]
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            status=status,
            from_=from_,
            to=to,
            name=name,
            kind=kind,
            model=model,
            min_duration_ms=min_duration_ms,
            min_cost_usd=min_cost_usd,
        )
    ).parsed
