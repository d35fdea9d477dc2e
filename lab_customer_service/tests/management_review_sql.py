"""What each line of the management review must show, counted again in plain SQL (R-MR-01).

Independent of the ORM code under test: no domain, no ``_read_group``, the period's days cut
in the time zone of the lab's calendar by PostgreSQL itself. Another addon that adds figures
counts them the same way in its own tests (lab_complaints: ``complaint_figures_sql``).
"""

# A stored UTC moment falls on a day of the period, as the lab's calendar counts days.
LOCAL_DAY = (
    "(({column} AT TIME ZONE 'UTC') AT TIME ZONE %(tz)s)::date"
    " BETWEEN %(date_from)s AND %(date_to)s"
)


def rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def sql_params(company, date_from, date_to):
    return {
        "company": company.id,
        "tz": company.resource_calendar_id.tz or "UTC",
        "date_from": date_from,
        "date_to": date_to,
    }


def base_figures_sql(cr, company, date_from, date_to):
    """``{figure key: value}`` for every figure of lab_customer_service's management review."""
    params = sql_params(company, date_from, date_to)

    def row(query):
        cr.execute(query, params)
        return cr.fetchone()

    answers, csat = row(
        f"""
        SELECT count(*), avg(answer.scoring_percentage)
          FROM survey_user_input answer
          JOIN survey_survey survey ON survey.id = answer.survey_id
     LEFT JOIN sale_order sale ON sale.id = answer.lab_order_id
         WHERE survey.is_lab_survey
           AND answer.state = 'done'
           AND answer.test_entry IS NOT TRUE
           AND (answer.lab_order_id IS NULL OR sale.company_id = %(company)s)
           AND {LOCAL_DAY.format(column="answer.end_datetime")}
        """
    )
    suggestions, reviews, compliments, referred = row(
        """
        SELECT count(*) FILTER (WHERE kind = 'suggestion'),
               count(*) FILTER (WHERE kind = 'review'),
               count(*) FILTER (WHERE kind = 'compliment'),
               count(*) FILTER (WHERE is_referred)
          FROM lab_feedback
         WHERE company_id = %(company)s AND date BETWEEN %(date_from)s AND %(date_to)s
        """
    )
    released, on_time = row(
        f"""
        SELECT count(*), count(*) FILTER (WHERE is_on_time)
          FROM lab_test_report
         WHERE company_id = %(company)s
           AND state IN ('released', 'superseded')
           AND {LOCAL_DAY.format(column="date_released")}
        """
    )
    (delays,) = row(
        f"""
        SELECT count(DISTINCT order_id) FROM lab_delay_notice
         WHERE company_id = %(company)s AND {LOCAL_DAY.format(column="notified_on")}
        """
    )
    (rejected,) = row(
        f"""
        SELECT count(*) FROM lab_sample
         WHERE company_id = %(company)s
           AND state = 'rejected'
           AND {LOCAL_DAY.format(column="date_received")}
        """
    )
    requests, answered, answered_on_time = row(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE state = 'answered'),
               count(*) FILTER (WHERE state = 'answered' AND is_answered_on_time)
          FROM lab_customer_request
         WHERE company_id = %(company)s
           AND state != 'cancelled'
           AND {LOCAL_DAY.format(column="date_received")}
        """
    )
    needs, needs_reviewed, needs_changes = row(
        f"""
        SELECT count(*) FILTER (WHERE {LOCAL_DAY.format(column="create_date")}),
               count(*) FILTER (WHERE last_reviewed_on BETWEEN %(date_from)s AND %(date_to)s),
               count(*) FILTER (WHERE last_reviewed_on BETWEEN %(date_from)s AND %(date_to)s
                                  AND review_outcome = 'process_change')
          FROM lab_customer_need
         WHERE company_id = %(company)s
        """
    )
    return {
        "needs_recorded": needs,
        "needs_reviewed": needs_reviewed,
        "needs_process_changes": needs_changes,
        "survey_answers": answers,
        "satisfaction_csat": round(csat, 1) if answers else None,
        "feedback_suggestions": suggestions,
        "feedback_reviews": reviews,
        "feedback_compliments": compliments,
        "feedback_referred": referred,
        "reports_released": released,
        "reports_on_time": on_time,
        "on_time_rate": rate(on_time, released),
        "delay_notices": delays,
        "samples_rejected": rejected,
        "requests_received": requests,
        "requests_answered": answered,
        "requests_answered_on_time": answered_on_time,
        "requests_on_time_rate": rate(answered_on_time, requests),
    }
