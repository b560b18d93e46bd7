from http import HTTPStatus
from typing import Any, Optional, Union
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.alert_rule_dto import AlertRuleDto
from ...models.problem_dto import ProblemDto
from ...models.update_alert_rule_dto import UpdateAlertRuleDto
from ...types import Response


def _get_kwargs(
    id: UUID,
    *,
    body: UpdateAlertRuleDto,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/alert-rules/{id}".format(
            id=id,
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[AlertRuleDto, ProblemDto]]:
    if response.status_code == 200:
        response_200 = AlertRuleDto.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = ProblemDto.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ProblemDto.from_dict(response.json())

        return response_415

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
) -> Response[Union[AlertRuleDto, ProblemDto]]:
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
    body: UpdateAlertRuleDto,
) -> Response[Union[AlertRuleDto, ProblemDto]]:
    """Change an alert rule (fields given are replaced)

    Args:
        id (UUID):
        body (UpdateAlertRuleDto):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[AlertRuleDto, ProblemDto]]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateAlertRuleDto,
) -> Optional[Union[AlertRuleDto, ProblemDto]]:
    """Change an alert rule (fields given are replaced)

    Args:
        id (UUID):
        body (UpdateAlertRuleDto):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[AlertRuleDto, ProblemDto]
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateAlertRuleDto,
) -> Response[Union[AlertRuleDto, ProblemDto]]:
    """Change an alert rule (fields given are replaced)

    Args:
        id (UUID):
        body (UpdateAlertRuleDto):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[AlertRuleDto, ProblemDto]]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateAlertRuleDto,
) -> Optional[Union[AlertRuleDto, ProblemDto]]:
    """Change an alert rule (fields given are replaced)

    Args:
        id (UUID):
        body (UpdateAlertRuleDto):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[AlertRuleDto, ProblemDto]
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
