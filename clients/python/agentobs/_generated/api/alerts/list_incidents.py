from http import HTTPStatus
from typing import Any, Optional, Union

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.incident_page import IncidentPage
from ...models.incident_status import IncidentStatus
from ...models.problem_dto import ProblemDto
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, IncidentStatus] = UNSET,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    json_status: Union[Unset, str] = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/incidents",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[IncidentPage, ProblemDto]]:
    if response.status_code == 200:
        response_200 = IncidentPage.from_dict(response.json())

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
) -> Response[Union[IncidentPage, ProblemDto]]:
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
    status: Union[Unset, IncidentStatus] = UNSET,
) -> Response[Union[IncidentPage, ProblemDto]]:
    """List incidents, newest first

    Args:
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):
        status (Union[Unset, IncidentStatus]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[IncidentPage, ProblemDto]]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        status=status,
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
    status: Union[Unset, IncidentStatus] = UNSET,
) -> Optional[Union[IncidentPage, ProblemDto]]:
    """List incidents, newest first

    Args:
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):
        status (Union[Unset, IncidentStatus]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[IncidentPage, ProblemDto]
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, IncidentStatus] = UNSET,
) -> Response[Union[IncidentPage, ProblemDto]]:
    """List incidents, newest first

    Args:
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):
        status (Union[Unset, IncidentStatus]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[IncidentPage, ProblemDto]]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, IncidentStatus] = UNSET,
) -> Optional[Union[IncidentPage, ProblemDto]]:
    """List incidents, newest first

    Args:
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):
        status (Union[Unset, IncidentStatus]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[IncidentPage, ProblemDto]
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            status=status,
        )
    ).parsed
