from http import HTTPStatus
from typing import Any, Optional, Union

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.otlp_export_trace_request_dto import OtlpExportTraceRequestDto
from ...models.otlp_export_trace_response_dto import OtlpExportTraceResponseDto
from ...models.otlp_export_traces_content_encoding import OtlpExportTracesContentEncoding
from ...models.otlp_status_dto import OtlpStatusDto
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    *,
    body: Union[
        OtlpExportTraceRequestDto,
        File,
    ],
    content_encoding: Union[Unset, OtlpExportTracesContentEncoding] = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(content_encoding, Unset):
        headers["Content-Encoding"] = str(content_encoding)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/otel/v1/traces",
    }

    if isinstance(body, OtlpExportTraceRequestDto):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, File):
        _kwargs["content"] = body.payload

        headers["Content-Type"] = "application/x-protobuf"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Optional[Union[OtlpExportTraceResponseDto, OtlpStatusDto]]:
    if response.status_code == 200:
        response_200 = OtlpExportTraceResponseDto.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = OtlpStatusDto.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = OtlpStatusDto.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = OtlpStatusDto.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = OtlpStatusDto.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = OtlpStatusDto.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = OtlpStatusDto.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = OtlpStatusDto.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = OtlpStatusDto.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: Union[AuthenticatedClient, Client], response: httpx.Response
) -> Response[Union[OtlpExportTraceResponseDto, OtlpStatusDto]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: Union[
        OtlpExportTraceRequestDto,
        File,
    ],
    content_encoding: Union[Unset, OtlpExportTracesContentEncoding] = UNSET,
) -> Response[Union[OtlpExportTraceResponseDto, OtlpStatusDto]]:
    """Receive traces over OTLP/HTTP (protobuf or JSON)

     OTLP/HTTP trace export (opentelemetry-proto ExportTraceServiceRequest), for OpenTelemetry SDKs and
    Collectors: point `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` here and send a member+ API key as
    `Authorization: Bearer ao_sk_…` or `x-api-key`. Bodies are `application/x-protobuf` or
    `application/json` (OTLP JSON: hex ids), optionally gzip, at most 5 MB decompressed. Spans are
    mapped onto the span model (GenAI semantic conventions and OpenInference → kind, model, usage,
    input, output; resource attributes under `resource.*`; the rest kept in attributes) and stored
    exactly like POST /api/v1/ingest (validation, PII masking, sampling, quota, trace.error alerts).
    Answers follow the OTLP spec, in the encoding of the request: ExportTraceServiceResponse with
    `partialSuccess` when spans were refused, errors as google.rpc.Status (not problem+json). Requests
    of more than 1000 spans are stored 1000 at a time; the quota refusing a later batch refuses only its
    spans (partialSuccess).

    Args:
        content_encoding (Union[Unset, OtlpExportTracesContentEncoding]):
        body (OtlpExportTraceRequestDto):
        body (File): ExportTraceServiceRequest, protobuf-encoded

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[OtlpExportTraceResponseDto, OtlpStatusDto]]
    """

    kwargs = _get_kwargs(
        body=body,
        content_encoding=content_encoding,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: Union[
        OtlpExportTraceRequestDto,
        File,
    ],
    content_encoding: Union[Unset, OtlpExportTracesContentEncoding] = UNSET,
) -> Optional[Union[OtlpExportTraceResponseDto, OtlpStatusDto]]:
    """Receive traces over OTLP/HTTP (protobuf or JSON)

     OTLP/HTTP trace export (opentelemetry-proto ExportTraceServiceRequest), for OpenTelemetry SDKs and
    Collectors: point `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` here and send a member+ API key as
    `Authorization: Bearer ao_sk_…` or `x-api-key`. Bodies are `application/x-protobuf` or
    `application/json` (OTLP JSON: hex ids), optionally gzip, at most 5 MB decompressed. Spans are
    mapped onto the span model (GenAI semantic conventions and OpenInference → kind, model, usage,
    input, output; resource attributes under `resource.*`; the rest kept in attributes) and stored
    exactly like POST /api/v1/ingest (validation, PII masking, sampling, quota, trace.error alerts).
    Answers follow the OTLP spec, in the encoding of the request: ExportTraceServiceResponse with
    `partialSuccess` when spans were refused, errors as google.rpc.Status (not problem+json). Requests
    of more than 1000 spans are stored 1000 at a time; the quota refusing a later batch refuses only its
    spans (partialSuccess).

    Args:
        content_encoding (Union[Unset, OtlpExportTracesContentEncoding]):
        body (OtlpExportTraceRequestDto):
        body (File): ExportTraceServiceRequest, protobuf-encoded

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[OtlpExportTraceResponseDto, OtlpStatusDto]
    """

    return sync_detailed(
        client=client,
        body=body,
        content_encoding=content_encoding,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: Union[
        OtlpExportTraceRequestDto,
        File,
    ],
    content_encoding: Union[Unset, OtlpExportTracesContentEncoding] = UNSET,
) -> Response[Union[OtlpExportTraceResponseDto, OtlpStatusDto]]:
    """Receive traces over OTLP/HTTP (protobuf or JSON)

     OTLP/HTTP trace export (opentelemetry-proto ExportTraceServiceRequest), for OpenTelemetry SDKs and
    Collectors: point `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` here and send a member+ API key as
    `Authorization: Bearer ao_sk_…` or `x-api-key`. Bodies are `application/x-protobuf` or
    `application/json` (OTLP JSON: hex ids), optionally gzip, at most 5 MB decompressed. Spans are
    mapped onto the span model (GenAI semantic conventions and OpenInference → kind, model, usage,
    input, output; resource attributes under `resource.*`; the rest kept in attributes) and stored
    exactly like POST /api/v1/ingest (validation, PII masking, sampling, quota, trace.error alerts).
    Answers follow the OTLP spec, in the encoding of the request: ExportTraceServiceResponse with
    `partialSuccess` when spans were refused, errors as google.rpc.Status (not problem+json). Requests
    of more than 1000 spans are stored 1000 at a time; the quota refusing a later batch refuses only its
    spans (partialSuccess).

    Args:
        content_encoding (Union[Unset, OtlpExportTracesContentEncoding]):
        body (OtlpExportTraceRequestDto):
        body (File): ExportTraceServiceRequest, protobuf-encoded

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Union[OtlpExportTraceResponseDto, OtlpStatusDto]]
    """

    kwargs = _get_kwargs(
        body=body,
        content_encoding=content_encoding,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: Union[
        OtlpExportTraceRequestDto,
        File,
    ],
    content_encoding: Union[Unset, OtlpExportTracesContentEncoding] = UNSET,
) -> Optional[Union[OtlpExportTraceResponseDto, OtlpStatusDto]]:
    """Receive traces over OTLP/HTTP (protobuf or JSON)

     OTLP/HTTP trace export (opentelemetry-proto ExportTraceServiceRequest), for OpenTelemetry SDKs and
    Collectors: point `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` here and send a member+ API key as
    `Authorization: Bearer ao_sk_…` or `x-api-key`. Bodies are `application/x-protobuf` or
    `application/json` (OTLP JSON: hex ids), optionally gzip, at most 5 MB decompressed. Spans are
    mapped onto the span model (GenAI semantic conventions and OpenInference → kind, model, usage,
    input, output; resource attributes under `resource.*`; the rest kept in attributes) and stored
    exactly like POST /api/v1/ingest (validation, PII masking, sampling, quota, trace.error alerts).
    Answers follow the OTLP spec, in the encoding of the request: ExportTraceServiceResponse with
    `partialSuccess` when spans were refused, errors as google.rpc.Status (not problem+json). Requests
    of more than 1000 spans are stored 1000 at a time; the quota refusing a later batch refuses only its
    spans (partialSuccess).

    Args:
        content_encoding (Union[Unset, OtlpExportTracesContentEncoding]):
        body (OtlpExportTraceRequestDto):
        body (File): ExportTraceServiceRequest, protobuf-encoded

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Union[OtlpExportTraceResponseDto, OtlpStatusDto]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            content_encoding=content_encoding,
        )
    ).parsed
