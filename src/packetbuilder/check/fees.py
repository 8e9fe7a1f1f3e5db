"""The fees that apply to a case: from the profile's list and the fee data, never from code."""

from __future__ import annotations

from ..case.data import fee_data
from ..case.model import PartialCase
from ..case.profiles import Profile
from ..report import AppliedFee


def applied_fees(case: PartialCase, profile: Profile | None) -> list[AppliedFee]:
    """Each fee of the profile, counted per person where the fee is, with the exception the
    case claims (the parole fee only)."""
    if profile is None or case.case is None or not profile.fees.get(case.case.filed_with):
        return []
    data = fee_data()
    by_id = {fee.id: fee for fee in data.fees}
    people = len(case.person_ids)
    claimed = case.case.fee_exception
    applied = []
    for fee_id in profile.fees[case.case.filed_with]:
        fee = by_id.get(fee_id)
        if fee is None:
            continue  # a firm's profile naming an unknown fee: `packet profiles` shows it
        excepted = claimed if not fee.paid_with_request else None
        applied.append(AppliedFee(fee, people if fee.per_person else 1, excepted))
    return applied
