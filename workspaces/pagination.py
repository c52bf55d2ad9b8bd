"""Page numbers for every API list: `?page=` is a whole number from 1, refused with 400 otherwise (an empty or
non-numeric page used to answer page 1 or a bare 404); a page past the end is the documented 404."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class PageNumbers(PageNumberPagination):
    def paginate_queryset(self, queryset, request, view=None):
        given = request.query_params.get(self.page_query_param)
        if given is not None and not (given.isascii() and given.isdigit() and int(given) >= 1):
            raise ValidationError({self.page_query_param: ["A page number is a whole number from 1."]})
        return super().paginate_queryset(queryset, request, view)
