"""factory_boy factories shared by every app's tests."""

import datetime
import random

import factory
from django.contrib.auth import get_user_model

from gradtrack.core.models import MajorCategory
from gradtrack.records import identifiers
from gradtrack.records.models import Department, Employer, Employment, Graduate, Major

User = get_user_model()
PASSWORD = "correct-horse-battery"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{n:02d}")
    name = factory.Sequence(lambda n: f"测试系{n}")


class MajorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Major

    code = factory.Sequence(lambda n: f"7{n:05d}")
    name = factory.Sequence(lambda n: f"测试专业{n}")
    department = factory.SubFactory(DepartmentFactory)
    category = factory.LazyFunction(lambda: MajorCategory.objects.get(code="71"))


class GraduateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Graduate

    student_no = factory.Sequence(lambda n: f"2024{n:06d}")
    name = factory.Faker("name", locale="zh_CN")
    gender = "男"
    major = factory.SubFactory(MajorFactory)
    department = factory.LazyAttribute(lambda o: o.major.department)
    graduation_year = 2024
    graduation_month = 6
    mobile = factory.Sequence(lambda n: f"138{n:08d}")
    placement_mode = Graduate.PlacementMode.SCHOOL


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"攀枝花测试{n}有限公司")
    normalized_name = factory.LazyAttribute(lambda o: o.name.lower())
    credit_code = factory.Sequence(lambda n: identifiers.make_credit_code(random.Random(n)))


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    graduate = factory.SubFactory(GraduateFactory)
    employer = factory.SubFactory(EmployerFactory)
    post = "操作工"
    monthly_salary = 4200
    starting_salary = factory.LazyAttribute(lambda job: job.monthly_salary)  # a new job's salary is its 起薪
    start_date = datetime.date(2024, 7, 1)
    probation_end = datetime.date(2024, 9, 30)
    school_arranged = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "张"
    first_name = factory.Sequence(lambda n: f"老师{n}")
    role = User.Role.DEPARTMENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)
        if create:
            self.save()
