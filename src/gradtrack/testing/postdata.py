"""What the pages' forms post, for tests that drive them: complete, valid data with overrides."""


def job_post(base_employer, **overrides) -> dict:
    """The job form (就业记录) of a graduate's page; an override of None leaves the field out."""
    data = {
        "employer": base_employer.pk,
        "location": "攀枝花市东区",
        "phone": "0812-3333333",
        "post": "数控车工",
        "title": "",
        "monthly_salary": "4800",
        "start_date": "2025-03-01",
        "probation_end": "",
        "end_date": "",
        "end_reason": "",
        "school_arranged": "on",
        "channel": "school",
        "matches_major": "true",
        "locality": "local",
        "area_type": "urban",
        "contract_term": "1to2",
        "social_insurance": "true",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
