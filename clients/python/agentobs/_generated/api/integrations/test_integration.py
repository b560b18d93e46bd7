from http import HTTPStatus
from typing import Any, Optional, Union

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.integration_type import IntegrationType
from ...models.problem_dto import ProblemDto
from ...models.test_integration_result_dto import TestIntegrationResultDto
from ...types import UNSET, Response, Unset


def _get_kwargs(
    type_: IntegrationType,
    *,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/integrations/{type_}/test".format(
            type_=type_,
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[ProblemDto, TestIntegrationResultDto]]:
    if response.status_code == 200:
        response_200 = TestIntegrationResultDto.from_dict(response.json())

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
) -> Response[Union[ProblemDto, TestIntegrationResultDto]]:
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
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[ProblemDto, TestIntegrationResultDto]]:
    """Send a real integration.test event now (10 s timeout)

     An upstream failure is `ok: false` with 200. The outcome is recorded in `health` and in the delivery
    log.

    Args:
        type_ (IntegrationType):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ProblemDto, TestIntegrationResultDto]]
    """

    kwargs = _get_kwargs(
        type_=type_,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    type_: IntegrationType,
    *,
    client: AuthenticatedClient,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[ProblemDto, TestIntegrationResultDto]]:
    """Send a real integration.test event now (10 s timeout)

     An upstream failure is `ok: false` with 200. The outcome is recorded in `health` and in the delivery
    log.

    Args:
        type_ (IntegrationType):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ProblemDto, TestIntegrationResultDto]
    """

    return sync_detailed(
        type_=type_,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    type_: IntegrationType,
    *,
    client: AuthenticatedClient,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[ProblemDto, TestIntegrationResultDto]]:
    """Send a real integration.test event now (10 s timeout)

     An upstream failure is `ok: false` with 200. The outcome is recorded in `health` and in the delivery
    log.

    Args:
        type_ (IntegrationType):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ProblemDto, TestIntegrationResultDto]]
    """

    kwargs = _get_kwargs(
        type_=type_,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    type_: IntegrationType,
    *,
    client: AuthenticatedClient,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[ProblemDto, TestIntegrationResultDto]]:
    """Send a real integration.test event now (10 s timeout)

     An upstream failure is `ok: false` with 200. The outcome is recorded in `health` and in the delivery
    log.

    Args:
        type_ (IntegrationType):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ProblemDto, TestIntegrationResultDto]
    """

    return (
        await asyncio_detailed(
            type_=type_,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
