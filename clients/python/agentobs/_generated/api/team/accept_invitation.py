from http import HTTPStatus
from typing import Any, Optional, Union

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accept_invitation_dto import AcceptInvitationDto
from ...models.accepted_invitation_dto import AcceptedInvitationDto
from ...models.problem_dto import ProblemDto
from ...types import UNSET, Response, Unset


def _get_kwargs(
    token: str,
    *,
    body: AcceptInvitationDto,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/team/invitations/{token}/accept".format(
            token=token,
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[AcceptedInvitationDto, ProblemDto]]:
    if response.status_code == 200:
        response_200 = AcceptedInvitationDto.from_dict(response.json())

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

    if response.status_code == 410:
        response_410 = ProblemDto.from_dict(response.json())

        return response_410

    if response.status_code == 413:
        response_413 = ProblemDto.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ProblemDto.from_dict(response.json())

        return response_415

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
) -> Response[Union[AcceptedInvitationDto, ProblemDto]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    token: str,
    *,
    client: AuthenticatedClient,
    body: AcceptInvitationDto,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[AcceptedInvitationDto, ProblemDto]]:
    """Accept an invitation: with a user access token (same email); without one, with { password } of the
    invited email's account, or { name, password } to create it

    Args:
        token (str):
        idempotency_key (Union[Unset, str]):
        body (AcceptInvitationDto):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[AcceptedInvitationDto, ProblemDto]]
    """

    kwargs = _get_kwargs(
        token=token,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    token: str,
    *,
    client: AuthenticatedClient,
    body: AcceptInvitationDto,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[AcceptedInvitationDto, ProblemDto]]:
    """Accept an invitation: with a user access token (same email); without one, with { password } of the
    invited email's account, or { name, password } to create it

    Args:
        token (str):
        idempotency_key (Union[Unset, str]):
        body (AcceptInvitationDto):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[AcceptedInvitationDto, ProblemDto]
    """

    return sync_detailed(
        token=token,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    token: str,
    *,
    client: AuthenticatedClient,
    body: AcceptInvitationDto,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[AcceptedInvitationDto, ProblemDto]]:
    """Accept an invitation: with a user access token (same email); without one, with { password } of the
    invited email's account, or { name, password } to create it

    Args:
        token (str):
        idempotency_key (Union[Unset, str]):
        body (AcceptInvitationDto):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[AcceptedInvitationDto, ProblemDto]]
    """

    kwargs = _get_kwargs(
        token=token,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    token: str,
    *,
    client: AuthenticatedClient,
    body: AcceptInvitationDto,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[AcceptedInvitationDto, ProblemDto]]:
    """Accept an invitation: with a user access token (same email); without one, with { password } of the
    invited email's account, or { name, password } to create it

    Args:
        token (str):
        idempotency_key (Union[Unset, str]):
        body (AcceptInvitationDto):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[AcceptedInvitationDto, ProblemDto]
    """

    return (
        await asyncio_detailed(
            token=token,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
