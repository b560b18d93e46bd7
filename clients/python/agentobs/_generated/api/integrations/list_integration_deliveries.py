from http import HTTPStatus
from typing import Any, Optional, Union

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.integration_delivery_page import IntegrationDeliveryPage
from ...models.integration_delivery_status import IntegrationDeliveryStatus
from ...models.integration_type import IntegrationType
from ...models.problem_dto import ProblemDto
from ...types import UNSET, Response, Unset


def _get_kwargs(
    type_: IntegrationType,
    *,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, IntegrationDeliveryStatus] = UNSET,
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
        "url": "/api/v1/integrations/{type_}/deliveries".format(
            type_=type_,
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[IntegrationDeliveryPage, ProblemDto]]:
    if response.status_code == 200:
        response_200 = IntegrationDeliveryPage.from_dict(response.json())

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
) -> Response[Union[IntegrationDeliveryPage, ProblemDto]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    type_: IntegrationType,
    *,
    client: AuthenticatedClient,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, IntegrationDeliveryStatus] = UNSET,
) -> Response[Union[IntegrationDeliveryPage, ProblemDto]]:
    """Delivery log of an integration, newest first

    Args:
        type_ (IntegrationType):
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):
        status (Union[Unset, IntegrationDeliveryStatus]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[IntegrationDeliveryPage, ProblemDto]]
    """

    kwargs = _get_kwargs(
        type_=type_,
        limit=limit,
        cursor=cursor,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    type_: IntegrationType,
    *,
    client: AuthenticatedClient,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, IntegrationDeliveryStatus] = UNSET,
) -> Optional[Union[IntegrationDeliveryPage, ProblemDto]]:
    """Delivery log of an integration, newest first

    Args:
        type_ (IntegrationType):
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):
        status (Union[Unset, IntegrationDeliveryStatus]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[IntegrationDeliveryPage, ProblemDto]
    """

    return sync_detailed(
        type_=type_,
        client=client,
        limit=limit,
        cursor=cursor,
        status=status,
    ).parsed


async def asyncio_detailed(
    type_: IntegrationType,
    *,
    client: AuthenticatedClient,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, IntegrationDeliveryStatus] = UNSET,
) -> Response[Union[IntegrationDeliveryPage, ProblemDto]]:
    """Delivery log of an integration, newest first

    Args:
        type_ (IntegrationType):
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):
        status (Union[Unset, IntegrationDeliveryStatus]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[IntegrationDeliveryPage, ProblemDto]]
    """

    kwargs = _get_kwargs(
        type_=type_,
        limit=limit,
        cursor=cursor,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    type_: IntegrationType,
    *,
    client: AuthenticatedClient,
    limit: Union[Unset, int] = 20,
    cursor: Union[Unset, str] = UNSET,
    status: Union[Unset, IntegrationDeliveryStatus] = UNSET,
) -> Optional[Union[IntegrationDeliveryPage, ProblemDto]]:
    """Delivery log of an integration, newest first

    Args:
        type_ (IntegrationType):
        limit (Union[Unset, int]):  Default: 20.
        cursor (Union[Unset, str]):
        status (Union[Unset, IntegrationDeliveryStatus]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[IntegrationDeliveryPage, ProblemDto]
    """

    return (
        await asyncio_detailed(
            type_=type_,
            client=client,
            limit=limit,
            cursor=cursor,
            status=status,
        )
    ).parsed
