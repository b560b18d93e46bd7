import datetime
from http import HTTPStatus
from typing import Any, Optional, Union

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.ingest_health_dto import IngestHealthDto
from ...models.problem_dto import ProblemDto
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    json_from_: Union[Unset, str] = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: Union[Unset, str] = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/ingest/health",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[IngestHealthDto, ProblemDto]]:
    if response.status_code == 200:
        response_200 = IngestHealthDto.from_dict(response.json())

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
) -> Response[Union[IngestHealthDto, ProblemDto]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
) -> Response[Union[IngestHealthDto, ProblemDto]]:
    """What happened to this workspace's telemetry

     For `?from=&to=` (default the last 24 h; hour granularity, at most 366 days), over POST
    /api/v1/ingest and the OTLP routes: spans accepted and sampled out, refusals by reason (`validation`
    counts spans, the others requests), per UTC day, and the 20 most recent refusals with the API key
    prefix used. A request made with an expired, rotated-out or revoked key of this workspace counts
    here. Counts are written by every API process within about a second.

    Args:
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[IngestHealthDto, ProblemDto]]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
) -> Optional[Union[IngestHealthDto, ProblemDto]]:
    """What happened to this workspace's telemetry

     For `?from=&to=` (default the last 24 h; hour granularity, at most 366 days), over POST
    /api/v1/ingest and the OTLP routes: spans accepted and sampled out, refusals by reason (`validation`
    counts spans, the others requests), per UTC day, and the 20 most recent refusals with the API key
    prefix used. A request made with an expired, rotated-out or revoked key of this workspace counts
    here. Counts are written by every API process within about a second.

    Args:
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[IngestHealthDto, ProblemDto]
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
) -> Response[Union[IngestHealthDto, ProblemDto]]:
    """What happened to this workspace's telemetry

     For `?from=&to=` (default the last 24 h; hour granularity, at most 366 days), over POST
    /api/v1/ingest and the OTLP routes: spans accepted and sampled out, refusals by reason (`validation`
    counts spans, the others requests), per UTC day, and the 20 most recent refusals with the API key
    prefix used. A request made with an expired, rotated-out or revoked key of this workspace counts
    here. Counts are written by every API process within about a second.

    Args:
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[IngestHealthDto, ProblemDto]]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: Union[Unset, datetime.datetime] = UNSET,
    to: Union[Unset, datetime.datetime] = UNSET,
) -> Optional[Union[IngestHealthDto, ProblemDto]]:
    """What happened to this workspace's telemetry

     For `?from=&to=` (default the last 24 h; hour granularity, at most 366 days), over POST
    /api/v1/ingest and the OTLP routes: spans accepted and sampled out, refusals by reason (`validation`
    counts spans, the others requests), per UTC day, and the 20 most recent refusals with the API key
    prefix used. A request made with an expired, rotated-out or revoked key of this workspace counts
    here. Counts are written by every API process within about a second.

    Args:
        from_ (Union[Unset, datetime.datetime]):
        to (Union[Unset, datetime.datetime]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[IngestHealthDto, ProblemDto]
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
        )
    ).parsed
