from http import HTTPStatus
from typing import Any, Optional, Union

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.custom_integration_dto import CustomIntegrationDto
from ...models.datadog_integration_dto import DatadogIntegrationDto
from ...models.integration_type import IntegrationType
from ...models.pager_duty_integration_dto import PagerDutyIntegrationDto
from ...models.problem_dto import ProblemDto
from ...models.sentry_integration_dto import SentryIntegrationDto
from ...models.slack_integration_dto import SlackIntegrationDto
from ...models.webhook_integration_dto import WebhookIntegrationDto
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
        "url": "/api/v1/integrations/{type_}/enable".format(
            type_=type_,
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[
    Union[
        ProblemDto,
        Union[
            "CustomIntegrationDto",
            "DatadogIntegrationDto",
            "PagerDutyIntegrationDto",
            "SentryIntegrationDto",
            "SlackIntegrationDto",
            "WebhookIntegrationDto",
        ],
    ]
]:
    if response.status_code == 200:

        def _parse_response_200(
            data: object,
        ) -> Union[
            "CustomIntegrationDto",
            "DatadogIntegrationDto",
            "PagerDutyIntegrationDto",
            "SentryIntegrationDto",
            "SlackIntegrationDto",
            "WebhookIntegrationDto",
        ]:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = SlackIntegrationDto.from_dict(data)

                return response_200_type_0
            except:  # noqa: E722
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_1 = PagerDutyIntegrationDto.from_dict(data)

                return response_200_type_1
            except:  # noqa: E722
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_2 = WebhookIntegrationDto.from_dict(data)

                return response_200_type_2
            except:  # noqa: E722
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_3 = SentryIntegrationDto.from_dict(data)

                return response_200_type_3
            except:  # noqa: E722
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_4 = DatadogIntegrationDto.from_dict(data)

                return response_200_type_4
            except:  # noqa: E722
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_5 = CustomIntegrationDto.from_dict(data)

            return response_200_type_5

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDto.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDto.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = ProblemDto.from_dict(response.json())

        return response_402

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
) -> Response[
    Union[
        ProblemDto,
        Union[
            "CustomIntegrationDto",
            "DatadogIntegrationDto",
            "PagerDutyIntegrationDto",
            "SentryIntegrationDto",
            "SlackIntegrationDto",
            "WebhookIntegrationDto",
        ],
    ]
]:
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
) -> Response[
    Union[
        ProblemDto,
        Union[
            "CustomIntegrationDto",
            "DatadogIntegrationDto",
            "PagerDutyIntegrationDto",
            "SentryIntegrationDto",
            "SlackIntegrationDto",
            "WebhookIntegrationDto",
        ],
    ]
]:
    """Enable a configured integration (health reset if it was auto-disabled)

    Args:
        type_ (IntegrationType):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ProblemDto, Union['CustomIntegrationDto', 'DatadogIntegrationDto', 'PagerDutyIntegrationDto', 'SentryIntegrationDto', 'SlackIntegrationDto', 'WebhookIntegrationDto']]]
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
) -> Optional[
    Union[
        ProblemDto,
        Union[
            "CustomIntegrationDto",
            "DatadogIntegrationDto",
            "PagerDutyIntegrationDto",
            "SentryIntegrationDto",
            "SlackIntegrationDto",
            "WebhookIntegrationDto",
        ],
    ]
]:
    """Enable a configured integration (health reset if it was auto-disabled)

    Args:
        type_ (IntegrationType):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ProblemDto, Union['CustomIntegrationDto', 'DatadogIntegrationDto', 'PagerDutyIntegrationDto', 'SentryIntegrationDto', 'SlackIntegrationDto', 'WebhookIntegrationDto']]
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
) -> Response[
    Union[
        ProblemDto,
        Union[
            "CustomIntegrationDto",
            "DatadogIntegrationDto",
            "PagerDutyIntegrationDto",
            "SentryIntegrationDto",
            "SlackIntegrationDto",
            "WebhookIntegrationDto",
        ],
    ]
]:
    """Enable a configured integration (health reset if it was auto-disabled)

    Args:
        type_ (IntegrationType):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[ProblemDto, Union['CustomIntegrationDto', 'DatadogIntegrationDto', 'PagerDutyIntegrationDto', 'SentryIntegrationDto', 'SlackIntegrationDto', 'WebhookIntegrationDto']]]
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
) -> Optional[
    Union[
        ProblemDto,
        Union[
            "CustomIntegrationDto",
            "DatadogIntegrationDto",
            "PagerDutyIntegrationDto",
            "SentryIntegrationDto",
            "SlackIntegrationDto",
            "WebhookIntegrationDto",
        ],
    ]
]:
    """Enable a configured integration (health reset if it was auto-disabled)

    Args:
        type_ (IntegrationType):
        idempotency_key (Union[Unset, str]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[ProblemDto, Union['CustomIntegrationDto', 'DatadogIntegrationDto', 'PagerDutyIntegrationDto', 'SentryIntegrationDto', 'SlackIntegrationDto', 'WebhookIntegrationDto']]
    """

    return (
        await asyncio_detailed(
            type_=type_,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
