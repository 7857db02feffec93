"""Filters of the progress history, for the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as ParameterError

from .models import ProgressSnapshot


class ISODateField(forms.DateField):
    """A day written as ISO 8601 only (2024-03-31), refused in the words of the API's other date parameters. Django's
    own date field would also take 03/31/2024 and skip a blank value: the history has always refused both."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return serializers.DateField().to_internal_value(value)
        except ParameterError as error:
            [problem] = error.detail
            raise forms.ValidationError(str(problem), code=problem.code) from error


class ISODateFilter(django_filters.DateFilter):
    field_class = ISODateField


class ProgressSnapshotFilterSet(django_filters.FilterSet):
    """A range of days of the history, both ends included."""

    since = ISODateFilter(field_name="date", lookup_expr="gte", help_text=_("First day, included (ISO 8601)."))
    until = ISODateFilter(field_name="date", lookup_expr="lte", help_text=_("Last day, included (ISO 8601)."))

    class Meta:
        model = ProgressSnapshot
        fields = []
