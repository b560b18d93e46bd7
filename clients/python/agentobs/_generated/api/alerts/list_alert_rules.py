from http import HTTPStatus
from typing import Any, Optional, Union

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.alert_rule_page import AlertRulePage
from ...models.problem_dto import ProblemDto
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/alert-rules",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[AlertRulePage, ProblemDto]]:
    if response.status_code == 200:
        response_200 = AlertRulePage.from_dict(response.json())

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
) -> Response[Union[AlertRulePage, ProblemDto]]:
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
) -> Response[Union[AlertRulePage, ProblemDto]]:
    """List alert rules, newest first

    Args:
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[AlertRulePage, ProblemDto]]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
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
) -> Optional[Union[AlertRulePage, ProblemDto]]:
    """List alert rules, newest first

    Args:
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[AlertRulePage, ProblemDto]
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
) -> Response[Union[AlertRulePage, ProblemDto]]:
    """List alert rules, newest first

    Args:
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[AlertRulePage, ProblemDto]]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
) -> Optional[Union[AlertRulePage, ProblemDto]]:
    """List alert rules, newest first

    Args:
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[AlertRulePage, ProblemDto]
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
