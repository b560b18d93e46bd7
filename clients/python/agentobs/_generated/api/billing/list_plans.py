from http import HTTPStatus
from typing import Any, Optional, Union

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.plan_catalog_dto import PlanCatalogDto
from ...models.problem_dto import ProblemDto
from ...types import Response


def _get_kwargs() -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/billing/plans",
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[PlanCatalogDto, ProblemDto]]:
    if response.status_code == 200:
        response_200 = PlanCatalogDto.from_dict(response.json())

        return response_200

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
) -> Response[Union[PlanCatalogDto, ProblemDto]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Union[PlanCatalogDto, ProblemDto]]:
    """The plan catalogue: every plan with its default limits and list prices

     The one catalogue (the web app reads it rather than keeping a copy). The limits in force for this
    workspace, contract overrides and subscription status applied, are in GET /billing/config.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[PlanCatalogDto, ProblemDto]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> Optional[Union[PlanCatalogDto, ProblemDto]]:
    """The plan catalogue: every plan with its default limits and list prices

     The one catalogue (the web app reads it rather than keeping a copy). The limits in force for this
    workspace, contract overrides and subscription status applied, are in GET /billing/config.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[PlanCatalogDto, ProblemDto]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Union[PlanCatalogDto, ProblemDto]]:
    """The plan catalogue: every plan with its default limits and list prices

     The one catalogue (the web app reads it rather than keeping a copy). The limits in force for this
    workspace, contract overrides and subscription status applied, are in GET /billing/config.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[PlanCatalogDto, ProblemDto]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> Optional[Union[PlanCatalogDto, ProblemDto]]:
    """The plan catalogue: every plan with its default limits and list prices

     The one catalogue (the web app reads it rather than keeping a copy). The limits in force for this
    workspace, contract overrides and subscription status applied, are in GET /billing/config.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[PlanCatalogDto, ProblemDto]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
