"""The fields of each record that people fill in, named once, in the models' order.

The pages' forms, the API's serializers and the benchmark's COPY columns (bench/dataset.py) derive their lists
from these; where one of them differs on purpose, it says why where it differs. What the services keep besides
(the version and the times) is core.history.BOOKKEEPING_FIELDS.
"""

DEPARTMENT_FIELDS = ("code", "name", "is_active")
MAJOR_FIELDS = ("code", "name", "department", "catalogue", "category", "is_active")
GRADUATE_FIELDS = (
    "student_no",
    "name",
    "gender",
    "id_number",
    "department",
    "major",
    "class_name",
    "graduation_year",
    "graduation_month",
    "mobile",
    "qq",
    "wechat",
    "email",
    "parent_contact",
    "placement_mode",
    "destination",
    "destination_detail",
    "notes",
)
# Not normalized_name: records.services derives it from the name.
EMPLOYER_FIELDS = (
    "name",
    "credit_code",
    "nature",
    "industry",
    "address",
    "region",
    "contact_person",
    "contact_phone",
    "email",
)
EMPLOYMENT_FIELDS = (
    "graduate",
    "employer",
    "location",
    "phone",
    "post",
    "title",
    "starting_salary",
    "monthly_salary",
    "start_date",
    "probation_end",
    "end_date",
    "end_reason",
    "school_arranged",
    "channel",
    "matches_major",
    "locality",
    "area_type",
    "contract_term",
    "social_insurance",
)
