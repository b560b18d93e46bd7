import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.billing_cycle import BillingCycle
from ..models.plan import Plan
from ..models.subscription_status import SubscriptionStatus

if TYPE_CHECKING:
    from ..models.plan_limits_dto import PlanLimitsDto


T = TypeVar("T", bound="BillingConfigDto")


@_attrs_define
class BillingConfigDto:
    """
    Attributes:
        billing_cycle (BillingCycle):
        billing_email (Union[None, str]):  Example: billing@example.com.
        cancel_at_period_end (bool): The subscription ends (back to free) at currentPeriodEnd
        current_period_end (Union[None, datetime.datetime]):
        current_period_start (Union[None, datetime.datetime]): Start of the paid subscription period (null without a
            subscription)
        has_payment_method (bool):
        limits (PlanLimitsDto):
        plan (Plan):
        status (SubscriptionStatus): `past_due` keeps the plan's limits for a 14-day grace period; `canceled` and
            `incomplete` get the free limits
    """

    billing_cycle: BillingCycle
    billing_email: Union[None, str]
    cancel_at_period_end: bool
    current_period_end: Union[None, datetime.datetime]
    current_period_start: Union[None, datetime.datetime]
    has_payment_method: bool
    limits: "PlanLimitsDto"
    plan: Plan
    status: SubscriptionStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        billing_cycle = self.billing_cycle.value

        billing_email: Union[None, str]
        billing_email = self.billing_email

        cancel_at_period_end = self.cancel_at_period_end

        current_period_end: Union[None, str]
        if isinstance(self.current_period_end, datetime.datetime):
            current_period_end = self.current_period_end.isoformat()
        else:
            current_period_end = self.current_period_end

        current_period_start: Union[None, str]
        if isinstance(self.current_period_start, datetime.datetime):
            current_period_start = self.current_period_start.isoformat()
        else:
            current_period_start = self.current_period_start

        has_payment_method = self.has_payment_method

        limits = self.limits.to_dict()

        plan = self.plan.value

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "billingCycle": billing_cycle,
                "billingEmail": billing_email,
                "cancelAtPeriodEnd": cancel_at_period_end,
                "currentPeriodEnd": current_period_end,
                "currentPeriodStart": current_period_start,
                "hasPaymentMethod": has_payment_method,
                "limits": limits,
                "plan": plan,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plan_limits_dto import PlanLimitsDto

        d = dict(src_dict)
        billing_cycle = BillingCycle(d.pop("billingCycle"))

        def _parse_billing_email(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        billing_email = _parse_billing_email(d.pop("billingEmail"))

        cancel_at_period_end = d.pop("cancelAtPeriodEnd")

        def _parse_current_period_end(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_period_end_type_0 = isoparse(data)

                return current_period_end_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        current_period_end = _parse_current_period_end(d.pop("currentPeriodEnd"))

        def _parse_current_period_start(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_period_start_type_0 = isoparse(data)

                return current_period_start_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        current_period_start = _parse_current_period_start(d.pop("currentPeriodStart"))

        has_payment_method = d.pop("hasPaymentMethod")

        limits = PlanLimitsDto.from_dict(d.pop("limits"))

        plan = Plan(d.pop("plan"))

        status = SubscriptionStatus(d.pop("status"))

        billing_config_dto = cls(
            billing_cycle=billing_cycle,
            billing_email=billing_email,
            cancel_at_period_end=cancel_at_period_end,
            current_period_end=current_period_end,
            current_period_start=current_period_start,
            has_payment_method=has_payment_method,
            limits=limits,
            plan=plan,
            status=status,
        )

        billing_config_dto.additional_properties = d
        return billing_config_dto

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
