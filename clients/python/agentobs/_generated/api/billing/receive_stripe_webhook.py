from http import HTTPStatus
from typing import Any, Optional, Union

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_dto import ProblemDto
from ...models.receive_stripe_webhook_body import ReceiveStripeWebhookBody
from ...models.webhook_ack_dto import WebhookAckDto
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ReceiveStripeWebhookBody,
    stripe_signature: str,
    idempotency_key: Union[Unset, str] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Stripe-Signature"] = stripe_signature

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/billing/webhooks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[ProblemDto, WebhookAckDto]]:
    if response.status_code == 200:
        response_200 = WebhookAckDto.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDto.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDto.from_dict(response.json())

        return response_401

    if response.status_code == 409:
        response_409 = ProblemDto.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ProblemDto.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ProblemDto.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ProblemDto.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = ProblemDto.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Response[Union[ProblemDto, WebhookAckDto]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: ReceiveStripeWebhookBody,
    stripe_signature: str,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[ProblemDto, WebhookAckDto]]:
    """Stripe webhook endpoint (called by Stripe, not by clients)

     Verifies `Stripe-Signature` over the raw body with STRIPE_WEBHOOK_SECRET. Each event id is applied
    once; out-of-order subscription events never roll state back; unknown event types are acknowledged
    and ignored.

    Args:
        stripe_signature (str):
        idempotency_key (Union[Unset, str]):
        body (ReceiveStripeWebhookBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ProblemDto, WebhookAckDto]]
    """

    kwargs = _get_kwargs(
        body=body,
        stripe_signature=stripe_signature,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: Union[AuthenticatedClient, Client],
    body: ReceiveStripeWebhookBody,
    stripe_signature: str,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[ProblemDto, WebhookAckDto]]:
    """Stripe webhook endpoint (called by Stripe, not by clients)

     Verifies `Stripe-Signature` over the raw body with STRIPE_WEBHOOK_SECRET. Each event id is applied
    once; out-of-order subscription events never roll state back; unknown event types are acknowledged
    and ignored.

    Args:
        stripe_signature (str):
        idempotency_key (Union[Unset, str]):
        body (ReceiveStripeWebhookBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ProblemDto, WebhookAckDto]
    """

    return sync_detailed(
        client=client,
        body=body,
        stripe_signature=stripe_signature,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: Union[AuthenticatedClient, Client],
    body: ReceiveStripeWebhookBody,
    stripe_signature: str,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Response[Union[ProblemDto, WebhookAckDto]]:
    """Stripe webhook endpoint (called by Stripe, not by clients)

     Verifies `Stripe-Signature` over the raw body with STRIPE_WEBHOOK_SECRET. Each event id is applied
    once; out-of-order subscription events never roll state back; unknown event types are acknowledged
    and ignored.

    Args:
        stripe_signature (str):
        idempotency_key (Union[Unset, str]):
        body (ReceiveStripeWebhookBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ProblemDto, WebhookAckDto]]
    """

    kwargs = _get_kwargs(
        body=body,
        stripe_signature=stripe_signature,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: Union[AuthenticatedClient, Client],
    body: ReceiveStripeWebhookBody,
    stripe_signature: str,
    idempotency_key: Union[Unset, str] = UNSET,
) -> Optional[Union[ProblemDto, WebhookAckDto]]:
    """Stripe webhook endpoint (called by Stripe, not by clients)

     Verifies `Stripe-Signature` over the raw body with STRIPE_WEBHOOK_SECRET. Each event id is applied
    once; out-of-order subscription events never roll state back; unknown event types are acknowledged
    and ignored.

    Args:
        stripe_signature (str):
        idempotency_key (Union[Unset, str]):
        body (ReceiveStripeWebhookBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ProblemDto, WebhookAckDto]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            stripe_signature=stripe_signature,
            idempotency_key=idempotency_key,
        )
    ).parsed
