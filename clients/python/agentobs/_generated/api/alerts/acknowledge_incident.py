from http import HTTPStatus
from typing import Any, Optional, Union
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.incident_dto import IncidentDto
from ...models.problem_dto import ProblemDto
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/incidents/{id}/acknowledge".format(
            id=id,
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[IncidentDto, ProblemDto]]:
    if response.status_code == 200:
        response_200 = IncidentDto.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = ProblemDto.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ProblemDto.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ProblemDto.from_dict(response.json())

        return response_422

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
) -> Response[Union[IncidentDto, ProblemDto]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[IncidentDto, ProblemDto]]:
    """Acknowledge an open incident (reminders stop)

    Args:
        id (UUID):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[IncidentDto, ProblemDto]]
    """

    kwargs = _get_kwargs(
        id=id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[IncidentDto, ProblemDto]]:
    """Acknowledge an open incident (reminders stop)

    Args:
        id (UUID):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[IncidentDto, ProblemDto]
    """

    return sync_detailed(
        id=id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[IncidentDto, ProblemDto]]:
    """Acknowledge an open incident (reminders stop)

    Args:
        id (UUID):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[IncidentDto, ProblemDto]]
    """

    kwargs = _get_kwargs(
        id=id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[IncidentDto, ProblemDto]]:
    """Acknowledge an open incident (reminders stop)

    Args:
        id (UUID):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[IncidentDto, ProblemDto]
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
