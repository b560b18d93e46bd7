import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, Union, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.invoice_status import InvoiceStatus

T = TypeVar("T", bound="InvoiceDto")


@_attrs_define
class InvoiceDto:
    """
    Attributes:
        amount_due (int): In the currency's minor unit (cents) Example: 4900.
        amount_paid (int): In the currency's minor unit (cents) Example: 4900.
        created_at (datetime.datetime): When the invoice was created in Stripe
        currency (str): ISO 4217, lower case Example: usd.
        hosted_invoice_url (Union[None, str]): Stripe-hosted page to view and pay the invoice
        id (UUID):
        number (Union[None, str]):  Example: A1B2C3D4-0001.
        pdf_url (Union[None, str]):
        period_end (Union[None, datetime.datetime]):
        period_start (Union[None, datetime.datetime]):
        status (InvoiceStatus):
        stripe_invoice_id (str): The Stripe invoice id Example: in_1PqRsT2eZvKYlo2C.
    """

    amount_due: int
    amount_paid: int
    created_at: datetime.datetime
    currency: str
    hosted_invoice_url: Union[None, str]
    id: UUID
    number: Union[None, str]
    pdf_url: Union[None, str]
    period_end: Union[None, datetime.datetime]
    period_start: Union[None, datetime.datetime]
    status: InvoiceStatus
    stripe_invoice_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_due = self.amount_due

        amount_paid = self.amount_paid

        created_at = self.created_at.isoformat()

        currency = self.currency

        hosted_invoice_url: Union[None, str]
        hosted_invoice_url = self.hosted_invoice_url

        id = str(self.id)

        number: Union[None, str]
        number = self.number

        pdf_url: Union[None, str]
        pdf_url = self.pdf_url

        period_end: Union[None, str]
        if isinstance(self.period_end, datetime.datetime):
            period_end = self.period_end.isoformat()
        else:
            period_end = self.period_end

        period_start: Union[None, str]
        if isinstance(self.period_start, datetime.datetime):
            period_start = self.period_start.isoformat()
        else:
            period_start = self.period_start

        status = self.status.value

        stripe_invoice_id = self.stripe_invoice_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amountDue": amount_due,
                "amountPaid": amount_paid,
                "createdAt": created_at,
                "currency": currency,
                "hostedInvoiceUrl": hosted_invoice_url,
                "id": id,
                "number": number,
                "pdfUrl": pdf_url,
                "periodEnd": period_end,
                "periodStart": period_start,
                "status": status,
                "stripeInvoiceId": stripe_invoice_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_due = d.pop("amountDue")

        amount_paid = d.pop("amountPaid")

        created_at = isoparse(d.pop("createdAt"))

        currency = d.pop("currency")

        def _parse_hosted_invoice_url(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        hosted_invoice_url = _parse_hosted_invoice_url(d.pop("hostedInvoiceUrl"))

        id = UUID(d.pop("id"))

        def _parse_number(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        number = _parse_number(d.pop("number"))

        def _parse_pdf_url(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        pdf_url = _parse_pdf_url(d.pop("pdfUrl"))

        def _parse_period_end(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                period_end_type_0 = isoparse(data)

                return period_end_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        period_end = _parse_period_end(d.pop("periodEnd"))

        def _parse_period_start(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                period_start_type_0 = isoparse(data)

                return period_start_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        period_start = _parse_period_start(d.pop("periodStart"))

        status = InvoiceStatus(d.pop("status"))

        stripe_invoice_id = d.pop("stripeInvoiceId")

        invoice_dto = cls(
            amount_due=amount_due,
            amount_paid=amount_paid,
            created_at=created_at,
            currency=currency,
            hosted_invoice_url=hosted_invoice_url,
            id=id,
            number=number,
            pdf_url=pdf_url,
            period_end=period_end,
            period_start=period_start,
            status=status,
            stripe_invoice_id=stripe_invoice_id,
        )

        invoice_dto.additional_properties = d
        return invoice_dto

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
