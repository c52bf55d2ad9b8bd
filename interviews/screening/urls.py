"""The researcher's recruitment page of a round (the participants' screener pages live with links and booking)."""

from django.urls import path

from interviews.screening import staff

urlpatterns = [
    path("rounds/<int:round_id>/recruitment/", staff.recruitment_page, name="recruitment"),
    path("rounds/<int:round_id>/recruitment/screener/", staff.screener_save, name="screener_save"),
    path("rounds/<int:round_id>/recruitment/questions/", staff.question_add, name="screener_question_add"),
    path("rounds/<int:round_id>/recruitment/rules/", staff.rule_add, name="screener_rule_add"),
    path("rounds/<int:round_id>/recruitment/quotas/", staff.quota_save, name="quota_save"),
    path(
        "rounds/<int:round_id>/recruitment/<str:kind>/<int:item_id>/delete/",
        staff.item_delete,
        name="recruitment_delete",
    ),
    path("rounds/<int:round_id>/recruitment/screenings/<int:screening_id>/review/", staff.review, name="review"),
]
